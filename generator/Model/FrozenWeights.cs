namespace Unrolled.Generator.Model;

/// <summary>
/// <c>Weights = "file"</c> on a network: the file's name and where the option is written, and once
/// the file has been read, every parameter's bits (a double's 64, or a float's 32) in contract order
/// and what kind of file held them.
/// </summary>
internal sealed record FrozenWeights(string FileName, LocationInfo? Location, EquatableArray<long> Bits)
{
    public bool IsResolved => Bits.Count > 0;

    /// <summary>What wrote the file, so the generated header can say how to write it again.</summary>
    public WeightsFormat Format { get; init; } = WeightsFormat.SavedText;

    /// <summary>
    /// Which of Activations, Hidden and Output the attribute writes, in that order: a file of other
    /// activations is advised in the form the attribute can take (Activations stands alone, UNR028).
    /// </summary>
    public EquatableArray<string> ActivationArguments { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>The kinds of weights file a frozen network reads.</summary>
internal enum WeightsFormat
{
    /// <summary>A network saved with NetworkFile.SaveAsText: the saved format in base64.</summary>
    SavedText,

    /// <summary>A network saved with NetworkFile.Save, which the package's build step turned into base64.</summary>
    SavedBinary,

    /// <summary>An ONNX model, which the package's build step turned into base64.</summary>
    Onnx,
}

/// <summary>How an <c>AdditionalFiles</c> item reached the compiler.</summary>
internal enum AdditionalFileState
{
    /// <summary>As the project lists it: the compiler reads the file itself.</summary>
    AsListed,

    /// <summary>
    /// Base64 text that the package's build step wrote for a binary file (an ONNX model or a
    /// network saved with NetworkFile.Save); the item's path is the binary file's own.
    /// </summary>
    ConvertedFromBinary,

    /// <summary>Listed, but the package's build step found no file at its path.</summary>
    Missing,
}

/// <summary>
/// An <c>AdditionalFiles</c> item as plain values: its full path, its text (null when the compiler
/// could not read it, or when it was not asked to: a file the build step found missing), its path
/// relative to the project directory ('/' between segments; null when the directory is unknown),
/// and how it reached the compiler.
/// </summary>
internal sealed record AdditionalFileText(string Path, string? Text, string? RelativePath = null, AdditionalFileState State = AdditionalFileState.AsListed);
