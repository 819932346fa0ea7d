using System.Collections.Generic;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// Where a statement too long for its room is cut: at the shallowest nesting that offers a place, preferring
/// a separator (", " or "; "), then an assignment, then the operator that binds least, and only then the
/// inside of a call's parentheses. String and character literals are never cut.
/// </summary>
internal static class CodeBreaks
{
    // The shortest first line worth a cut: "x =" alone on a line reads worse than a cut further on.
    private const int ShortestLine = 20;

    private const int Separator = -2, Assignment = 0, OpeningParenthesis = 100;

    private static readonly (string Text, int Rank)[] Operators =
    [
        ("??", 1), ("?", 1), (":", 1), ("||", 2), ("&&", 3), ("|", 4), ("^", 5), ("&", 6), ("==", 7), ("!=", 7),
        ("<=", 8), (">=", 8), ("<", 8), (">", 8), ("+", 9), ("-", 9), ("*", 10), ("/", 10), ("%", 10),
    ];

    private static readonly string[] Assignments = ["=", "+=", "-=", "*=", "/=", "=>", "??="];

    /// <summary>The length of the first line when <paramref name="line"/> is cut to fit <paramref name="room"/>, or null.</summary>
    public static int? BreakPoint(string line, int room)
    {
        var places = new List<(int Cut, int Depth, int Rank)>();
        int depth = 0;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '"' || c == '\'')
            {
                i = EndOfLiteral(line, i);
                continue;
            }

            if (c == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                break;
            }

            if (c == '(' || c == '[' || c == '{')
            {
                if (c == '(' && i + 1 < line.Length && line[i + 1] != ')')
                {
                    places.Add((i + 1, depth, OpeningParenthesis));
                }

                depth++;
            }
            else if (c == ')' || c == ']' || c == '}')
            {
                depth--;
            }
            else if ((c == ',' || c == ';') && i + 1 < line.Length && line[i + 1] == ' ')
            {
                places.Add((i + 1, depth, Separator));
            }
            else if (c == ' ' && Token(line, i + 1) is string token && i + 1 + token.Length < line.Length && line[i + 1 + token.Length] == ' ')
            {
                if (System.Array.IndexOf(Assignments, token) >= 0)
                {
                    places.Add((i + 1 + token.Length, depth, Assignment));
                }
                else if (RankOf(token) is int rank)
                {
                    places.Add((i, depth, rank));
                }
            }
        }

        return Choose(places, room);
    }

    private static int? Choose(List<(int Cut, int Depth, int Rank)> places, int room)
    {
        places.RemoveAll(place => place.Cut < ShortestLine || place.Cut > room);
        if (places.Count == 0)
        {
            return null;
        }

        int shallowest = int.MaxValue;
        foreach (var place in places)
        {
            shallowest = place.Depth < shallowest ? place.Depth : shallowest;
        }

        places.RemoveAll(place => place.Depth != shallowest);
        places.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : b.Cut.CompareTo(a.Cut));

        // The loosest-binding place that leaves a first line a third of the room long; else the rightmost.
        foreach (var place in places)
        {
            if (place.Cut >= room / 3)
            {
                return place.Cut;
            }
        }

        int rightmost = 0;
        foreach (var place in places)
        {
            rightmost = place.Cut > rightmost ? place.Cut : rightmost;
        }

        return rightmost;
    }

    /// <summary>Splits a parameter list at its top-level commas, so that a tuple or generic type stays whole.</summary>
    public static List<string> SplitTopLevelCommas(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '(' || c == '[' || c == '<' || c == '{')
            {
                depth++;
            }
            else if (c == ')' || c == ']' || c == '>' || c == '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(text.Substring(start, i - start).Trim());
                start = i + 1;
            }
        }

        parts.Add(text.Substring(start).Trim());
        return parts;
    }

    private static string? Token(string line, int start)
    {
        int end = start;
        while (end < line.Length && "=+-*/%<>!?:|&^".IndexOf(line[end]) >= 0)
        {
            end++;
        }

        return end > start ? line.Substring(start, end - start) : null;
    }

    private static int? RankOf(string token)
    {
        foreach (var (text, rank) in Operators)
        {
            if (text == token)
            {
                return rank;
            }
        }

        return null;
    }

    private static int EndOfLiteral(string line, int open)
    {
        char quote = line[open];
        bool verbatim = open > 0 && line[open - 1] == '@';
        for (int i = open + 1; i < line.Length; i++)
        {
            if (!verbatim && line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == quote)
            {
                return i;
            }
        }

        return line.Length;
    }
}
