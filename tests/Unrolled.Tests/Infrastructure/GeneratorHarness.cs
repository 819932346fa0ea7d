using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Unrolled.Generator;

namespace Unrolled.Tests.Infrastructure;

/// <summary>Runs the real generator over in-memory source, the way the compiler does in a user's build.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> s_references =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location),
    ];

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(ParseOptions, sources);

    public static CSharpCompilation CreateCompilation(CSharpParseOptions parseOptions, params string[] sources) =>
        CSharpCompilation.Create(
            "UserProject",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"Source{i}.cs")),
            s_references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                generalDiagnosticOption: ReportDiagnostic.Error,
                deterministic: true,
                // The SDK suppresses these in every project: the runtime targets net8.0 and binds to net10.0 here.
                specificDiagnosticOptions: [new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    public static GeneratorDriver CreateDriver(CSharpParseOptions? parseOptions = null, IEnumerable<AdditionalText>? additionalFiles = null, BuildProperties? buildProperties = null) =>
        CSharpGeneratorDriver.Create(
            [new NetworkGenerator().AsSourceGenerator()],
            additionalTexts: additionalFiles,
            parseOptions: parseOptions ?? ParseOptions,
            optionsProvider: buildProperties,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="sources"/> with the project's AdditionalFiles.</summary>
    public static GeneratorRun Run(IEnumerable<AdditionalText> additionalFiles, params string[] sources) => RunInProject(null, additionalFiles, sources);

    /// <summary>Runs the generator once as a build of the project in <paramref name="projectDirectory"/> would (null: outside MSBuild).</summary>
    public static GeneratorRun RunInProject(string? projectDirectory, IEnumerable<AdditionalText> additionalFiles, params string[] sources)
    {
        CSharpCompilation input = CreateCompilation(ParseOptions, sources);
        BuildProperties? properties = projectDirectory is null ? null : BuildProperties.ProjectDir(projectDirectory);
        GeneratorDriver driver = CreateDriver(ParseOptions, additionalFiles, properties).RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratorRun(driver.GetRunResult(), output, generatorDiagnostics);
    }

    /// <summary>Runs the generator once over <paramref name="sources"/>.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(ParseOptions, sources);

    /// <summary>Runs the generator once over <paramref name="sources"/> parsed with <paramref name="parseOptions"/>.</summary>
    public static GeneratorRun Run(CSharpParseOptions parseOptions, params string[] sources)
    {
        CSharpCompilation input = CreateCompilation(parseOptions, sources);
        GeneratorDriver driver = CreateDriver(parseOptions).RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratorRun(driver.GetRunResult(), output, generatorDiagnostics);
    }
}

/// <summary>The generator's output and the compilation that includes it.</summary>
internal sealed record GeneratorRun(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public GeneratorRunResult Single => Result.Results.Single();

    public ImmutableArray<GeneratedSourceResult> Sources => Single.GeneratedSources;

    public string SourceText(string hintName) => Sources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>One lesson file per network (the machinery files left out): one entry per network.</summary>
    public ImmutableArray<GeneratedSourceResult> Lessons => Sources.Lessons();

    /// <summary>Both files of the network whose lesson is <paramref name="lessonHintName"/>, lesson first, as one text.</summary>
    public string NetworkText(string lessonHintName) =>
        SourceText(lessonHintName) + SourceText(Unrolled.Generator.Emit.NetworkEmitter.MachineryHintName(lessonHintName));

    /// <summary>Compiler diagnostics located in generated files: there must never be any.</summary>
    public ImmutableArray<Diagnostic> DiagnosticsInGeneratedCode =>
        [.. CompilerDiagnostics.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true)];

    /// <summary>Compiler diagnostics of the final compilation, excluding the hidden ones.</summary>
    public ImmutableArray<Diagnostic> CompilerDiagnostics =>
        [.. Output.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden)];
}

/// <summary>The two files of each network: the lesson <c>X.g.cs</c> and the machinery <c>X-Machinery.g.cs</c>.</summary>
internal static class GeneratedSources
{
    public const string MachinerySuffix = "-Machinery.g.cs";

    public static bool IsMachinery(this GeneratedSourceResult source) => source.HintName.EndsWith(MachinerySuffix, StringComparison.Ordinal);

    public static ImmutableArray<GeneratedSourceResult> Lessons(this ImmutableArray<GeneratedSourceResult> sources) => [.. sources.Where(s => !s.IsMachinery())];

    /// <summary>Every generated file's text, in hint-name order: for checks that do not care which file holds a member.</summary>
    public static string AllText(this ImmutableArray<GeneratedSourceResult> sources) =>
        string.Concat(sources.OrderBy(s => s.HintName, StringComparer.Ordinal).Select(s => s.SourceText.ToString()));
}
