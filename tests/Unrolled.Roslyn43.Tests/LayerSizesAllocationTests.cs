using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Unrolled.Roslyn43.Tests.Infrastructure;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Roslyn43.Tests;

/// <summary>
/// <c>LayerSizes</c> compiled as Unity compiles it (Roslyn 4.3.1, .NET Standard 2.1), loaded and run.
/// A <c>ReadOnlySpan&lt;int&gt; =&gt; new int[] { ... }</c> is a view of the assembly's data only for a
/// compiler and target with <c>RuntimeHelpers.CreateSpan</c>; here it would be a new array per call.
/// </summary>
public sealed class LayerSizesAllocationTests
{
    private const int Calls = 1_000;

    [Theory]
    [MemberData(nameof(RepresentativeNetworks.All), MemberType = typeof(RepresentativeNetworks))]
    public void LayerSizes_allocates_nothing_over_1000_calls_when_built_by_Roslyn_4_3_for_NET_Standard_2_1(string kind, string declaration)
    {
        string typeName = declaration[(declaration.IndexOf("partial ", StringComparison.Ordinal) + "partial ".Length)..].Split(' ')[1];
        Func<int, int> sumLayerSizes = CompileAndLoad(kind, declaration, typeName);
        int once = sumLayerSizes(1);
        int sum = 0;

        // The smallest of a few runs: tiering up the caller's loop may allocate once on this thread.
        long allocated = Allocations.Measure(() => sum = sumLayerSizes(Calls));

        Assert.Equal(once * Calls, sum);
        Assert.True(allocated == 0, $"{kind}: {Calls} reads of {typeName}.LayerSizes allocated {allocated} bytes");
    }

    /// <summary>The network and a caller that reads every element of LayerSizes n times, built into one assembly.</summary>
    private static Func<int, int> CompileAndLoad(string kind, string declaration, string typeName)
    {
        string caller = $$"""
            namespace Game
            {
                public static class LayerSizesReader
                {
                    public static int Sum(int times)
                    {
                        int sum = 0;
                        for (int time = 0; time < times; time++)
                        {
                            System.ReadOnlySpan<int> sizes = {{typeName}}.LayerSizes;
                            for (int i = 0; i < sizes.Length; i++) { sum += sizes[i]; }
                        }

                        return sum;
                    }
                }
            }
            """;
        Roslyn43Run run = Roslyn43Harness.Run(
            Roslyn43Harness.CSharp9,
            [.. Roslyn43Harness.NetStandard21, Roslyn43Harness.RuntimeNetStandard21],
            [new InMemoryAdditionalText("/project/" + RepresentativeNetworks.FrozenFileName, SavedXor.Text(seed: 7))],
            RepresentativeNetworks.Script(declaration),
            caller);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, $"{kind}: {run.Describe(run.GeneratorDiagnostics)}");

        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, $"{kind}: {run.Describe(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))}");
        image.Position = 0;
        // A collectible context of its own; Unrolled and the framework resolve from the default context.
        var context = new AssemblyLoadContext($"LayerSizes {kind}", isCollectible: true);
        Assembly assembly = context.LoadFromStream(image);
        MethodInfo sum = assembly.GetType("Game.LayerSizesReader", throwOnError: true)!.GetMethod("Sum")!;
        return sum.CreateDelegate<Func<int, int>>();
    }
}
