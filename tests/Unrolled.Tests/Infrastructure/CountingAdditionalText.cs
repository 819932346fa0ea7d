using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Unrolled.Tests.Infrastructure;

/// <summary>An in-memory AdditionalFiles item that counts how often a generator reads its text.</summary>
internal sealed class CountingAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);
    private int _reads;

    public override string Path { get; } = path;

    public int Reads => Volatile.Read(ref _reads);

    public override SourceText GetText(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return _text;
    }
}
