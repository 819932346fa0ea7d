using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Unrolled.Generator.Emit;
using Unrolled.Generator.Model;
using Unrolled.Generator.Parsing;

namespace Unrolled.Generator;

/// <summary>
/// Finds every type marked <c>[Network(...)]</c> and adds its unrolled feedforward and
/// backpropagation code. Pipeline: attribute syntax, then an equatable <see cref="ParseResult"/>,
/// then diagnostics on one branch and emitted source on the other.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(NetworkParser.AttributeMetadataName, NetworkParser.IsCandidate, NetworkParser.Parse)
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<DiagnosticInfo> diagnostics = parsed
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        // One step, so every step of the pipeline carries a tracking name: zero or one spec per result.
        IncrementalValuesProvider<NetworkSpec> specs = parsed
            .SelectMany(static (result, _) => result.Spec is null ? ImmutableArray<NetworkSpec>.Empty : ImmutableArray.Create(result.Spec))
            .WithTrackingName(TrackingNames.Specs);

        // Weights paths are relative to the project directory. Only the string is kept, so other
        // changes to the build's options leave the later steps cached.
        IncrementalValueProvider<string?> projectDirectory = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => ProjectDirectory.Read(options.GlobalOptions))
            .WithTrackingName(TrackingNames.ProjectDirectory);

        // The Weights paths the frozen networks name. Only these decide which AdditionalFiles are read.
        IncrementalValueProvider<EquatableArray<string>> requestedWeights = specs
            .SelectMany(static (spec, _) => spec.Frozen is { } frozen ? ImmutableArray.Create(frozen.FileName) : ImmutableArray<string>.Empty)
            .WithTrackingName(TrackingNames.WeightsNames)
            .Collect()
            .WithTrackingName(TrackingNames.AllWeightsNames)
            .Select(static (names, _) => RequestedWeightsFiles.Names(names))
            .WithTrackingName(TrackingNames.RequestedWeights);

        // Frozen networks read their weights from AdditionalFiles, as text. A file no Weights path
        // names is never read and contributes nothing, so editing it leaves every network cached;
        // a named file becomes plain values at once, so an unchanged one leaves later steps cached.
        // A binary file comes as text, with its own path in the item's metadata (see AdditionalFileReader).
        IncrementalValueProvider<ImmutableArray<AdditionalFileText>> additionalFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .WithTrackingName(TrackingNames.AdditionalFilesWithOptions)
            .Select(static (pair, _) => AdditionalFileReader.Read(pair.Left, pair.Right.GetOptions(pair.Left)))
            .WithTrackingName(TrackingNames.AdditionalFilePaths)
            .Combine(projectDirectory.Combine(requestedWeights).WithTrackingName(TrackingNames.ProjectDirectoryWithRequestedWeights))
            .WithTrackingName(TrackingNames.AdditionalFilesWithRequestedWeights)
            .SelectMany(static (pair, cancellationToken) => RequestedWeightsFiles.Read(pair.Left, pair.Right.Left, pair.Right.Right, WeightsPath.FileSystemCase, cancellationToken))
            .WithTrackingName(TrackingNames.WeightsFiles)
            .Collect()
            .WithTrackingName(TrackingNames.AllWeightsFiles);

        IncrementalValuesProvider<ParseResult> resolved = specs
            .Combine(additionalFiles)
            .WithTrackingName(TrackingNames.SpecsWithAdditionalFiles)
            .Select(static (pair, _) => WeightsResolver.Resolve(pair.Left, pair.Right, WeightsPath.FileSystemCase))
            .WithTrackingName(TrackingNames.Resolved);

        IncrementalValuesProvider<DiagnosticInfo> weightDiagnostics = resolved
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.ResolvedDiagnostics);

        IncrementalValuesProvider<NetworkSpec> networks = resolved
            .SelectMany(static (result, _) => result.Spec is null ? ImmutableArray<NetworkSpec>.Empty : ImmutableArray.Create(result.Spec))
            .WithTrackingName(TrackingNames.ResolvedSpecs);

        // Every network's file name, so names that differ only in case can be told apart. This step
        // changes only when a network is added, removed or renamed, not on other edits.
        IncrementalValueProvider<EquatableArray<string>> allHintNames = networks
            .Collect()
            .WithTrackingName(TrackingNames.AllSpecs)
            .Select(static (all, _) => all.Select(spec => spec.HintName).ToEquatableArray())
            .WithTrackingName(TrackingNames.HintNames);

        IncrementalValuesProvider<NetworkFile> files = networks
            .Combine(allHintNames)
            .WithTrackingName(TrackingNames.SpecsWithHintNames)
            .Select(static (pair, _) => new NetworkFile(HintNames.MakeUnique(pair.Left.HintName, pair.Right), pair.Left))
            .WithTrackingName(TrackingNames.Files);

        context.RegisterSourceOutput(diagnostics, static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic.ToDiagnostic()));
        context.RegisterSourceOutput(weightDiagnostics, static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic.ToDiagnostic()));
        context.RegisterSourceOutput(files, static (spc, file) =>
        {
            GeneratedFiles generated = NetworkEmitter.Emit(file.Spec);
            spc.AddSource(file.HintName, generated.Lesson);
            spc.AddSource(NetworkEmitter.MachineryHintName(file.HintName), generated.Machinery);
        });
    }
}
