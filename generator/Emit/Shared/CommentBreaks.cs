namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// Where a comment line too long for its room is cut. A formula is never cut: the best boundary ends a
/// clause (", ", "; ", ": " or ". " outside parentheses) or lies between two words of prose or before a
/// parenthesis that follows prose; only a comment
/// with neither falls back to a space beside no operator, and at last to any space.
/// </summary>
internal static class CommentBreaks
{
    private const string FormulaCharacters = "=+*/^_()[]{}|<>";

    /// <summary>The index of the space to cut at (at or before <paramref name="room"/>, after <paramref name="start"/>), or -1.</summary>
    public static int BreakPoint(string line, int start, int room, bool xml)
    {
        int good = -1, fair = -1, any = -1;
        int depth = 0;
        bool inTag = false;
        for (int i = start; i < line.Length && i <= room; i++)
        {
            char c = line[i];
            if (xml && c == '<' && i + 1 < line.Length && (char.IsLetter(line[i + 1]) || line[i + 1] == '/'))
            {
                inTag = true;
            }
            else if (xml && c == '>')
            {
                inTag = false;
            }
            else if (!inTag && (c == '(' || c == '['))
            {
                depth++;
            }
            else if (!inTag && (c == ')' || c == ']'))
            {
                depth = depth > 0 ? depth - 1 : 0;
            }
            else if (c == ' ' && !inTag && i > start && !(i + 1 < line.Length && line[i + 1] == ' '))
            {
                // In a run of spaces ("g,  v = ...") only the last is a place to cut.
                string before = WordBefore(line, i, start);
                string after = WordAfter(line, i);
                if (before.Length == 0 || after.Length == 0)
                {
                    continue;
                }

                any = i;
                bool besideOperator = IsOperator(before, xml) || IsOperator(after, xml) || EndsWithOperator(before, xml);
                bool beforeParenthesis = after.StartsWith("(", System.StringComparison.Ordinal);
                if (depth == 0 && !besideOperator && (EndsClause(before) || (IsProse(before, xml) && (IsProse(after, xml) || beforeParenthesis))))
                {
                    good = i;
                }
                else if (!besideOperator)
                {
                    fair = i;
                }
            }
        }

        return good > 0 ? good : fair > 0 ? fair : any;
    }

    private static string WordBefore(string line, int space, int start)
    {
        int end = space;
        while (end > start && line[end - 1] == ' ')
        {
            end--;
        }

        int begin = end > 0 ? line.LastIndexOf(' ', end - 1) + 1 : 0;
        begin = begin < start ? start : begin;
        return line.Substring(begin, end - begin);
    }

    private static string WordAfter(string line, int space)
    {
        int end = line.IndexOf(' ', space + 1);
        return line.Substring(space + 1, (end < 0 ? line.Length : end) - space - 1);
    }

    private static bool EndsClause(string word) =>
        word.Length > 1 && (word.EndsWith(",", System.StringComparison.Ordinal) || word.EndsWith(";", System.StringComparison.Ordinal)
            || word.EndsWith(":", System.StringComparison.Ordinal) || word.EndsWith(".", System.StringComparison.Ordinal));

    // A word of prose holds no operator, subscript or bracket; in documentation an XML tag counts as prose.
    private static bool IsProse(string word, bool xml)
    {
        if (xml && (word.StartsWith("<", System.StringComparison.Ordinal) || word.EndsWith(">", System.StringComparison.Ordinal)
            || word.EndsWith(">.", System.StringComparison.Ordinal) || word.EndsWith(">,", System.StringComparison.Ordinal)))
        {
            return true;
        }

        return word.IndexOfAny(FormulaCharacters.ToCharArray()) < 0 && !IsOperator(word, xml);
    }

    // "-", "+", "*", "/", "=", "<=", "->" ...: a word made only of operator characters.
    private static bool IsOperator(string word, bool xml)
    {
        foreach (char c in word)
        {
            if ("=+-*/^<>!~&|%".IndexOf(c) < 0)
            {
                return false;
            }
        }

        return !(xml && word.EndsWith(">", System.StringComparison.Ordinal) && word.Length > 1);
    }

    private static bool EndsWithOperator(string word, bool xml)
    {
        char last = word[word.Length - 1];
        return last == '(' || last == '[' || ("=+-*/^<~&|%".IndexOf(last) >= 0) || (!xml && last == '>');
    }
}
