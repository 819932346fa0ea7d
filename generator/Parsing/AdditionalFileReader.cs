using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Turns an <c>AdditionalFiles</c> item into plain values, with what the package's build step
/// (build/Unrolled.WeightsAsText.targets) says about it in the item's metadata. A binary weights
/// file (an ONNX model, a network saved with NetworkFile.Save) reaches the compiler as the base64
/// text the step wrote for it, with the file's own path in UnrolledWeightsSource: that path is the
/// one a <c>Weights</c> option names, so it is the one the item is known by here. A listed file
/// that does not exist carries UnrolledWeightsMissing, so the generator never asks the compiler to
/// read it (which would add CS2001 to the generator's own error).
/// </summary>
internal static class AdditionalFileReader
{
    public const string SourceMetadata = "build_metadata.AdditionalFiles.UnrolledWeightsSource";

    public const string MissingMetadata = "build_metadata.AdditionalFiles.UnrolledWeightsMissing";

    public static PathedAdditionalText Read(AdditionalText text, AnalyzerConfigOptions options)
    {
        if (options.TryGetValue(SourceMetadata, out string? source) && !string.IsNullOrWhiteSpace(source))
        {
            return new PathedAdditionalText(text, source, AdditionalFileState.ConvertedFromBinary);
        }

        bool missing = options.TryGetValue(MissingMetadata, out string? flag) && string.Equals(flag, "true", System.StringComparison.OrdinalIgnoreCase);
        return new PathedAdditionalText(text, text.Path, missing ? AdditionalFileState.Missing : AdditionalFileState.AsListed);
    }
}

/// <summary>An <c>AdditionalFiles</c> item, the path it is known by and how it came; compared by reference to the item and by value for the rest.</summary>
internal sealed record PathedAdditionalText(AdditionalText Text, string Path, AdditionalFileState State);
