namespace Unrolled.Generator.Model;

/// <summary>
/// <c>Weights = "file"</c> on a network: the file's name and where the option is written, and once
/// the file has been read, every parameter's bits (a double's 64, or a float's 32) in contract order.
/// </summary>
internal sealed record FrozenWeights(string FileName, LocationInfo? Location, EquatableArray<long> Bits)
{
    public bool IsResolved => Bits.Count > 0;
}

/// <summary>
/// An <c>AdditionalFiles</c> item as plain values: its full path, its text (null when the compiler
/// could not read it, which is how a listed file that does not exist arrives), and its path relative
/// to the project directory ('/' between segments; null when the directory is unknown).
/// </summary>
internal sealed record AdditionalFileText(string Path, string? Text, string? RelativePath = null);
