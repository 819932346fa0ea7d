using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// An AdditionalFiles item whose file does not exist: the compiler hands it to generators with no
/// text (AdditionalTextFile.GetText returns null when the file cannot be read).
/// </summary>
internal sealed class MissingAdditionalText(string path) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText? GetText(CancellationToken cancellationToken = default) => null;
}
