using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Unrolled.Generator.Parsing;

/// <summary>The attribute as the user wrote it, for the generated file's header.</summary>
internal static class AttributeText
{
    /// <summary>
    /// The attribute's tokens as written, on one line: line breaks, indentation and comments between
    /// tokens become one space, and the text inside string literals is kept exactly.
    /// </summary>
    public static string AsWritten(AttributeSyntax attribute)
    {
        var text = new StringBuilder();
        SyntaxToken previous = default;
        foreach (SyntaxToken token in attribute.DescendantTokens())
        {
            if (text.Length > 0 && (previous.HasTrailingTrivia || token.HasLeadingTrivia))
            {
                text.Append(' ');
            }

            text.Append(token.Text);
            previous = token;
        }

        return text.ToString();
    }
}
