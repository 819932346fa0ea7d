using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Unrolled.Generator;

namespace Unrolled.Roslyn43.Tests.Infrastructure;

/// <summary>
/// Runs the generator's Roslyn 4.3 build in this process, where Microsoft.CodeAnalysis is 4.3.1, the
/// way Unity 6's compiler does: the only Roslyn here is the one the tests are named after.
/// </summary>
internal static class Roslyn43Harness
{
    /// <summary>What Unity compiles scripts as.</summary>
    public static CSharpParseOptions CSharp9 { get; } = new(LanguageVersion.CSharp9);

    /// <summary>The newest C# that Roslyn 4.3 knows.</summary>
    public static CSharpParseOptions Latest { get; } = new(LanguageVersion.Latest);

    /// <summary>.NET Standard 2.1 reference assemblies (NETStandard.Library.Ref), Unity's API surface.</summary>
    public static ImmutableArray<MetadataReference> NetStandard21 { get; } = FromDirectory(MetadataValue("NetStandard21ReferenceDirectory"));

    /// <summary>The assemblies of the runtime these tests run on: enough for the generator to bind the attribute.</summary>
    public static ImmutableArray<MetadataReference> RunningFramework { get; } =
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Select(path => MetadataReference.CreateFromFile(path))];

    /// <summary>The Unrolled runtime's net8.0 build, the one these tests run on.</summary>
    public static MetadataReference Runtime { get; } = MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location);

    /// <summary>The Unrolled runtime's netstandard2.1 build, the one a Unity project references.</summary>
    public static MetadataReference RuntimeNetStandard21 { get; } = MetadataReference.CreateFromFile(MetadataValue("RuntimeNetStandard21"));

    public static Roslyn43Run Run(CSharpParseOptions parseOptions, IEnumerable<MetadataReference> references, IEnumerable<AdditionalText> additionalFiles, params string[] sources)
    {
        CSharpCompilation input = CSharpCompilation.Create(
            "UnityProject",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"Source{i}.cs")),
            references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                generalDiagnosticOption: ReportDiagnostic.Error,
                deterministic: true,
                // The SDK suppresses these in every project: assembly versions unified across references.
                specificDiagnosticOptions: [new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
                [new NetworkGenerator().AsSourceGenerator()], additionalTexts: additionalFiles, parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new Roslyn43Run(driver.GetRunResult().Results.Single(), output, generatorDiagnostics);
    }

    private static string MetadataValue(string key) =>
        typeof(Roslyn43Harness).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static ImmutableArray<MetadataReference> FromDirectory(string directory)
    {
        Assert.True(Directory.Exists(directory), $"{directory} missing: restore downloads it (PackageDownload in the test project)");
        return [.. Directory.GetFiles(directory, "*.dll").Order(StringComparer.Ordinal).Select(path => MetadataReference.CreateFromFile(path))];
    }
}

/// <summary>One generator run under Roslyn 4.3.1 and the compilation that includes its output.</summary>
internal sealed record Roslyn43Run(GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public ImmutableArray<GeneratedSourceResult> Sources => Result.GeneratedSources;

    /// <summary>Compiler diagnostics of the final compilation, excluding the hidden ones.</summary>
    public ImmutableArray<Diagnostic> CompilerDiagnostics =>
        [.. Output.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden)];

    public string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Take(20).Select(d => d.ToString()));
}
