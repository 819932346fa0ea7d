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

    private readonly StringBuilder _text = new();
    private int _indent;

    public void WriteLine()
    {
        _text.Append('\n');
    }

    public void WriteLine(string line)
    {
        for (int i = 0; i < _indent; i++)
        {
            _text.Append(IndentUnit);
        }

        _text.Append(line).Append('\n');
    }

    /// <summary>Writes <c>// text</c>, or <c>//</c> alone for an empty line of a comment block.</summary>
    public void WriteComment(string text) => WriteLine(text.Length == 0 ? "//" : "// " + text);

    /// <summary>Writes <paramref name="header"/> and an opening brace, and indents until the matching <see cref="CloseBlock"/>.</summary>
    public void OpenBlock(string header)
    {
        WriteLine(header);
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
