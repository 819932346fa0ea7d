using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Unrolled.Tests.Infrastructure;

/// <summary>An AdditionalFiles item and the item metadata the package's build step gave it.</summary>
internal sealed record BuildStepFile(AdditionalText Text, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// What runtime/build/Unrolled.WeightsAsText.targets hands the compiler, for generator tests: a
/// binary weights file as base64 text under obj/ with the file's own path in UnrolledWeightsSource,
/// and a listed file that does not exist marked UnrolledWeightsMissing.
/// </summary>
internal static class BuildStep
{
    private const string Prefix = "build_metadata.AdditionalFiles.";

    /// <summary>The text the build step writes for the binary file at <paramref name="sourcePath"/>.</summary>
    public static BuildStepFile Converted(string sourcePath, byte[] bytes, int index = 0) =>
        new(new InMemoryAdditionalText($"/project/obj/unrolled-weights/{index}/{Path.GetFileName(sourcePath)}.base64", Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks) + "\n"),
            new Dictionary<string, string> { [Prefix + "UnrolledWeightsSource"] = sourcePath });

    /// <summary>A listed file the build step found missing; its text counts reads, and it has none to give.</summary>
    public static BuildStepFile Missing(string path) =>
        new(new CountingAdditionalText(path, string.Empty), new Dictionary<string, string> { [Prefix + "UnrolledWeightsMissing"] = "true" });

    /// <summary>A text file the build step leaves as it is.</summary>
    public static BuildStepFile AsListed(AdditionalText text) => new(text, new Dictionary<string, string>());

    /// <summary>Runs the generator once, as a build of the project in <paramref name="projectDirectory"/> (null: none known) would.</summary>
    public static GeneratorRun Run(string? projectDirectory, IEnumerable<BuildStepFile> files, params string[] sources)
    {
        BuildStepFile[] all = [.. files];
        CSharpCompilation input = GeneratorHarness.CreateCompilation(sources);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new Unrolled.Generator.NetworkGenerator().AsSourceGenerator()], all.Select(f => f.Text), GeneratorHarness.ParseOptions, new Options(projectDirectory, all))
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> diagnostics, TestContext.Current.CancellationToken);
        return new GeneratorRun(driver.GetRunResult(), output, diagnostics);
    }

    private sealed class Options(string? projectDirectory, BuildStepFile[] files) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(projectDirectory is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["build_property.ProjectDir"] = projectDirectory });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Values(files.FirstOrDefault(f => ReferenceEquals(f.Text, textFile))?.Metadata ?? new Dictionary<string, string>());

        private sealed class Values(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
