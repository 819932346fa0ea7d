using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Unrolled.Tests.Infrastructure;

/// <summary>An AdditionalFiles item held in memory, as the compiler hands it to a generator.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
