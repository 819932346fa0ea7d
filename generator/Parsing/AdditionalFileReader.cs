using System.Threading;
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

    public static AdditionalFileText Read(AdditionalText text, AnalyzerConfigOptions options, CancellationToken cancellationToken)
    {
        string path = options.TryGetValue(OnnxSourceMetadata, out string? source) && !string.IsNullOrWhiteSpace(source) ? source : text.Path;
        return new AdditionalFileText(path, text.GetText(cancellationToken)?.ToString());
    }
}
