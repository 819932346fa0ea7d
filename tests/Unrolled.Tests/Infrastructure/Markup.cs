using Microsoft.CodeAnalysis.Text;

namespace Unrolled.Tests.Infrastructure;

/// <summary>Source with the expected diagnostic spans marked <c>[|like this|]</c>.</summary>
internal sealed record Markup(string Source, IReadOnlyList<TextSpan> Spans)
{
    public TextSpan Span => Spans.Single();

    public static Markup Parse(string marked)
    {
        var source = new System.Text.StringBuilder();
        var spans = new List<TextSpan>();
        int start = -1;
        for (int i = 0; i < marked.Length; i++)
        {
            if (string.CompareOrdinal(marked, i, "[|", 0, 2) == 0)
            {
                start = source.Length;
                i++;
            }
            else if (string.CompareOrdinal(marked, i, "|]", 0, 2) == 0)
            {
                spans.Add(TextSpan.FromBounds(start, source.Length));
                i++;
            }
            else
            {
                source.Append(marked[i]);
            }
        }

        return new Markup(source.ToString(), spans);
    }
}
