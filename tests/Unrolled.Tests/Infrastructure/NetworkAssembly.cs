using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// Compiles generated networks in memory and loads them, so a test can run topologies chosen at
/// run time. The Unrolled runtime is shared with the test process, so instances cast to INetwork.
/// </summary>
internal sealed class NetworkAssembly
{
    private readonly Assembly _assembly;

    private NetworkAssembly(Assembly assembly)
    {
        _assembly = assembly;
    }

    /// <summary>Generates, compiles (failing on any diagnostic) and loads <paramref name="sources"/>.</summary>
    public static NetworkAssembly Build(params string[] sources) => Build(GeneratorHarness.Run(sources));

    /// <summary>Loads what a generator run compiled, failing on any diagnostic.</summary>
    public static NetworkAssembly Build(GeneratorRun run)
    {
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);

        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = run.Output.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext("UnrolledTestNetworks", isCollectible: true);
        return new NetworkAssembly(context.LoadFromStream(image));
    }

    public INetwork Create(string typeName) => (INetwork)CreateObject(typeName);

    /// <summary>Calls a public static method of the loaded assembly.</summary>
    public object? Call(string typeName, string method, params object[] arguments) =>
        _assembly.GetType(typeName, throwOnError: true)!.GetMethod(method)!.Invoke(null, arguments);

    public object CreateObject(string typeName)
    {
        Type type = _assembly.GetType(typeName, throwOnError: true)!;
        return Activator.CreateInstance(type)!;
    }
}
