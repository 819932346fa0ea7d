using System.Collections.Immutable;
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

        context.RegisterSourceOutput(diagnostics, static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic.ToDiagnostic()));
        context.RegisterSourceOutput(specs, static (spc, spec) => spc.AddSource(spec.HintName, NetworkEmitter.Emit(spec)));
    }
}
