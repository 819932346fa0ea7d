using System.Diagnostics;
using System.Globalization;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Unrolled.Generator;

namespace Unrolled.Benchmarks;

/// <summary>
/// The build-time cost of generation, for the README: the generator's own time and output size per
/// network, then a whole <c>dotnet build</c> of a project holding 784-128-10. Run with --build-cost.
/// </summary>
internal static class BuildCost
{
    private const int Runs = 15;
    private static readonly string[] s_networks = ["2, 4, 1", "8, 16, 4", "32, 64, 10", "784, 128, 10"];

    public static int Run(string repositoryRoot)
    {
        Console.WriteLine("| network | generator time (best of 15) | generated source |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (string layers in s_networks)
        {
            (TimeSpan best, string text) = Generate($"[Unrolled.Network({layers})] public partial class Net;");
            int lines = text.Count(c => c == '\n');
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {layers.Replace(", ", "-", StringComparison.Ordinal)} | {best.TotalMilliseconds:F1} ms | {text.Length / 1024.0:F0} KB, {lines:N0} lines |"));
        }

        // Pathological input: one file holding a thousand networks (2-1-1 to 2-7-1).
        string many = string.Concat(Enumerable.Range(0, 1_000).Select(n => $"[Unrolled.Network(2, {1 + (n % 7)}, 1)] public partial class Net{n};\n"));
        (TimeSpan manyBest, string manyText) = Generate(many);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| 1,000 networks in one file | {manyBest.TotalMilliseconds:F0} ms | {manyText.Length / 1048576.0:F0} MB |"));

        Console.WriteLine();
        foreach (bool withNetwork in new[] { false, true, false, true })
        {
            TimeSpan build = BuildProject(repositoryRoot, withNetwork);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dotnet build of a console project {(withNetwork ? "with" : "without")} [Network(784, 128, 10)]: {build.TotalSeconds:F1} s"));
        }

        return 0;
    }

    // The best of Runs fresh generator runs over the source, and the text of everything it generated.
    private static (TimeSpan Best, string Text) Generate(string source)
    {
        MetadataReference[] references = [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location)];
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        CSharpCompilation compilation = CSharpCompilation.Create("Cost", [CSharpSyntaxTree.ParseText(source, parseOptions)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        TimeSpan best = TimeSpan.MaxValue;
        string text = string.Empty;
        for (int run = 0; run < Runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            GeneratorDriver driver = CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], parseOptions: parseOptions)
                .RunGenerators(compilation);
            GeneratorDriverRunResult result = driver.GetRunResult();
            stopwatch.Stop();
            best = stopwatch.Elapsed < best ? stopwatch.Elapsed : best;
            text = string.Concat(result.GeneratedTrees.Select(tree => tree.ToString()));
        }

        return (best, text);
    }

    // A fresh console project referencing the runtime and the generator, restored first so that
    // only the build itself is timed.
    private static TimeSpan BuildProject(string repositoryRoot, bool withNetwork)
    {
        string directory = Path.Combine(Path.GetTempPath(), "unrolled-build-cost-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            Unrolled.IntegrationTests.ScratchProject.Write(directory, repositoryRoot, "Cost", withNetwork
                ? "var net = new Net();\nnet.Randomize(1);\nSystem.Console.WriteLine(Net.ParameterCount);\n[Unrolled.Network(784, 128, 10)] partial class Net;\n"
                : "System.Console.WriteLine(1);\n");
            DotNet(directory, "restore");
            var stopwatch = Stopwatch.StartNew();
            DotNet(directory, "build", "-c", "Release", "--no-restore");
            return stopwatch.Elapsed;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void DotNet(string directory, params string[] arguments) => ProcessRunner.Run("dotnet", directory, arguments);
}
