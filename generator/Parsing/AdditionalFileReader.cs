using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Turns an <c>AdditionalFiles</c> item into plain values. An ONNX model reaches the compiler as
/// the base64 text that the package's build step (build/Unrolled.targets) wrote for it, with the
/// model's own path in its UnrolledOnnxSource metadata: that path is the one a <c>Weights</c>
/// option names, so it is the one the file is known by here.
/// </summary>
internal static class AdditionalFileReader
{
    public const string OnnxSourceMetadata = "build_metadata.AdditionalFiles.UnrolledOnnxSource";

    /// <summary>The path a <c>Weights</c> option names the file by: the model's own for a converted ONNX model.</summary>
    public static string PathOf(AdditionalText text, AnalyzerConfigOptions options) =>
        options.TryGetValue(OnnxSourceMetadata, out string? source) && !string.IsNullOrWhiteSpace(source) ? source : text.Path;
}

/// <summary>An <c>AdditionalFiles</c> item and the path it is known by; compared by reference to the item and by the path.</summary>
internal sealed record PathedAdditionalText(AdditionalText Text, string Path);
