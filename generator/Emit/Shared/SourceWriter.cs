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
        string? prefix = line.StartsWith("/// ", StringComparison.Ordinal) ? "/// " : line.StartsWith("// ", StringComparison.Ordinal) ? "// " : null;
        if (prefix is not null)
        {
            WriteReflowedComment(line, prefix);
        }
        else if (line.Length > Room && !line.StartsWith("#", StringComparison.Ordinal))
        {
            WriteWrappedCode(line);
        }
        else
        {
            Indented(line);
        }
    }

    // A comment too long for the room left is re-flowed at the best word boundary CommentBreaks finds; the
    // formulas in it are never cut.
    private void WriteReflowedComment(string line, string prefix)
    {
        while (line.Length > Room && CommentBreaks.BreakPoint(line, prefix.Length, Room, xml: prefix == "/// ") is int cut and > 0)
        {
            Indented(line.Substring(0, cut).TrimEnd());
            line = prefix + line.Substring(cut + 1);
        }

        Indented(line);
    }

    // A statement too long for the room left continues on lines indented one step further, each cut where
    // CodeBreaks finds the shallowest operator, comma or opening parenthesis that fits.
    private void WriteWrappedCode(string line)
    {
        string continuation = IndentUnit;
        bool first = true;
        while (true)
        {
            string indent = first ? string.Empty : continuation;
            int room = Room - indent.Length;
            if (line.Length <= room || CodeBreaks.BreakPoint(line, room) is not int cut || cut <= 0)
            {
                Indented(indent + line);
                return;
            }

            Indented(indent + line.Substring(0, cut).TrimEnd());
            line = line.Substring(cut).TrimStart();
            first = false;
        }
    }

    private void Indented(string line)
    {
        for (int i = 0; i < _indent; i++)
        {
            _text.Append(IndentUnit);
        }

        _text.Append(line).Append('\n');
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
        int room = Room;
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
        // A method header too long for one line keeps its name on the first and one parameter to a line after
        // it; a for, if or while header is wrapped like any statement (between its clauses).
        int open = header.IndexOf('(');
        if ((_indent * IndentUnit.Length) + header.Length > MaxWidth && open > 0 && header.EndsWith(")", StringComparison.Ordinal)
            && !IsControlHeader(header))
        {
            Indented(header.Substring(0, open + 1));
            var parameters = CodeBreaks.SplitTopLevelCommas(header.Substring(open + 1, header.Length - open - 2));
            for (int i = 0; i < parameters.Count; i++)
            {
                Indented(IndentUnit + parameters[i] + (i == parameters.Count - 1 ? ")" : ","));
            }
        }
        else
        {
            WriteLine(header);
        }

        WriteLine("{");
        _indent++;
    }

    private static bool IsControlHeader(string header) =>
        header.StartsWith("for ", StringComparison.Ordinal) || header.StartsWith("foreach ", StringComparison.Ordinal)
        || header.StartsWith("if ", StringComparison.Ordinal) || header.StartsWith("while ", StringComparison.Ordinal)
        || header.StartsWith("else if ", StringComparison.Ordinal) || header.StartsWith("switch ", StringComparison.Ordinal)
        || header.StartsWith("using ", StringComparison.Ordinal) || header.StartsWith("lock ", StringComparison.Ordinal);

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
