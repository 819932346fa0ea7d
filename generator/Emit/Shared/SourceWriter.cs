using System;
using System.Text;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// Builds indented source text with '\n' line endings on every platform, so generated files are
/// byte-identical everywhere. Cheaper than SyntaxFactory plus NormalizeWhitespace.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    /// <summary>No generated line of comment, documentation or method header is longer than this.</summary>
    public const int MaxWidth = 120;

    private readonly StringBuilder _text = new();
    private int _indent;

    public void WriteLine()
    {
        _text.Append('\n');
    }

    public void WriteLine(string line)
    {
        int room = MaxWidth - (_indent * IndentUnit.Length);
        string? prefix = line.StartsWith("/// ", StringComparison.Ordinal) ? "/// " : line.StartsWith("// ", StringComparison.Ordinal) ? "// " : null;
        while (prefix is not null && line.Length > room && BreakPoint(line, prefix.Length, room, xml: prefix == "/// ") is int cut and > 0)
        {
            Indented(line.Substring(0, cut));
            line = prefix + line.Substring(cut + 1);
        }

        Indented(line);
    }

    private void Indented(string line)
    {
        for (int i = 0; i < _indent; i++)
        {
            _text.Append(IndentUnit);
        }

        _text.Append(line).Append('\n');
    }

    // The last space at or before the room left, after the prefix and outside an XML tag (a break
    // inside <paramref name="x"/> would put "///" into the tag); -1 when there is none.
    private static int BreakPoint(string line, int start, int room, bool xml)
    {
        int found = -1;
        bool inTag = false;
        for (int i = start; i < line.Length && i <= room; i++)
        {
            char c = line[i];
            if (xml && c == '<')
            {
                inTag = true;
            }
            else if (xml && c == '>')
            {
                inTag = false;
            }
            else if (c == ' ' && !inTag && i > start)
            {
                found = i;
            }
        }

        return found;
    }

    /// <summary>How many characters a line written now has before <see cref="MaxWidth"/>, after the indentation.</summary>
    public int Room => MaxWidth - (_indent * IndentUnit.Length);

    /// <summary>
    /// Writes <paramref name="items"/> joined by <paramref name="separator"/> after <paramref name="indent"/>, starting a new
    /// line (indented alike) before an item that would pass <see cref="MaxWidth"/>; <paramref name="end"/> follows the last.
    /// </summary>
    public void WritePacked(string indent, System.Collections.Generic.IReadOnlyList<string> items, string separator, string end)
    {
        var line = new StringBuilder(indent);
        for (int i = 0; i < items.Count; i++)
        {
            string piece = items[i] + (i == items.Count - 1 ? end : separator);
            if (line.Length > indent.Length && line.Length + 1 + piece.Length > Room)
            {
                WriteLine(line.ToString());
                line.Clear().Append(indent);
            }

            line.Append(line.Length > indent.Length ? " " : string.Empty).Append(piece);
        }

        WriteLine(line.ToString());
    }

    /// <summary>Writes short statements side by side, as many to a line as fit in <see cref="MaxWidth"/>.</summary>
    public void WriteStatements(System.Collections.Generic.IEnumerable<string> statements)
    {
        int room = MaxWidth - (_indent * IndentUnit.Length);
        var line = new StringBuilder();
        foreach (string statement in statements)
        {
            if (line.Length > 0 && line.Length + 1 + statement.Length > room)
            {
                WriteLine(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(statement);
        }

        if (line.Length > 0)
        {
            WriteLine(line.ToString());
        }
    }

    /// <summary>Writes <c>// text</c>, or <c>//</c> alone for an empty line of a comment block.</summary>
    public void WriteComment(string text) => WriteLine(text.Length == 0 ? "//" : "// " + text);

    /// <summary>Writes <paramref name="header"/> and an opening brace, and indents until the matching <see cref="CloseBlock"/>.</summary>
    public void OpenBlock(string header)
    {
        // A method header too long for one line keeps its name on the first and its parameters on the next.
        int open = header.IndexOf('(');
        if ((_indent * IndentUnit.Length) + header.Length > MaxWidth && open > 0 && header.EndsWith(")", StringComparison.Ordinal))
        {
            WriteLine(header.Substring(0, open + 1));
            WriteLine(IndentUnit + header.Substring(open + 1));
        }
        else
        {
            WriteLine(header);
        }

        WriteLine("{");
        _indent++;
    }

    /// <summary>Opens a bare block, so that locals declared inside it can be declared again after it.</summary>
    public void OpenScope()
    {
        WriteLine("{");
        _indent++;
    }

    public void CloseBlock(string suffix = "")
    {
        _indent--;
        if (_indent < 0)
        {
            throw new InvalidOperationException("CloseBlock without a matching OpenBlock.");
        }

        WriteLine("}" + suffix);
    }

    public override string ToString()
    {
        if (_indent != 0)
        {
            throw new InvalidOperationException($"Unbalanced blocks: indentation ended at {_indent}.");
        }

        return _text.ToString();
    }
}
