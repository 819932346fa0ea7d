using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Paths compared the way the file system would: either slash, <c>.</c> and <c>..</c> applied,
/// and letter case as the platform's default file system treats it.
/// </summary>
internal static class WeightsPath
{
    /// <summary>
    /// Windows and macOS file systems ignore case by default and Linux's do not; the compiler runs
    /// on the machine whose files it reads, so its platform decides.
    /// </summary>
    public static StringComparison FileSystemCase { get; } =
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;

    /// <summary>
    /// The path with '/' only, no empty or <c>.</c> segments, and each <c>..</c> applied to the
    /// segment before it. A root stays in front ("/", "C:/"); a relative path keeps the <c>..</c>
    /// that lead out of its start, such as "../shared/net.unrolled".
    /// </summary>
    public static string Normalize(string path)
    {
        string root = Root(path.Replace('\\', '/'), out string rest);
        var segments = new List<string>();
        foreach (string segment in rest.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[segments.Count - 1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment != ".." || root.Length == 0)
            {
                // Above a root there is nothing, so a rooted path drops the '..' as the file system does.
                segments.Add(segment);
            }
        }

        return root + string.Join("/", segments);
    }

    public static bool IsRooted(string normalized) => Root(normalized, out _).Length > 0;

    /// <summary>
    /// <paramref name="path"/> relative to <paramref name="directory"/>, both absolute, with <c>..</c>
    /// where the path leaves the directory; null when either is not absolute or their roots differ.
    /// </summary>
    public static string? RelativeTo(string? directory, string path, StringComparison comparison)
    {
        if (directory is null)
        {
            return null;
        }

        string from = Normalize(directory);
        string to = Normalize(path);
        string fromRoot = Root(from, out string fromRest);
        string toRoot = Root(to, out string toRest);
        if (fromRoot.Length == 0 || !string.Equals(fromRoot, toRoot, comparison))
        {
            return null;
        }

        string[] fromSegments = Segments(fromRest);
        string[] toSegments = Segments(toRest);
        int common = 0;
        while (common < fromSegments.Length && common < toSegments.Length && string.Equals(fromSegments[common], toSegments[common], comparison))
        {
            common++;
        }

        return string.Join("/", Enumerable.Repeat("..", fromSegments.Length - common).Concat(toSegments.Skip(common)));
    }

    /// <summary>Whether <paramref name="path"/> ends with all of <paramref name="tail"/>'s segments; both normalized.</summary>
    public static bool EndsWith(string path, string tail, StringComparison comparison) =>
        tail.Length > 0 && (string.Equals(path, tail, comparison) || path.EndsWith("/" + tail, comparison));

    private static string[] Segments(string rest) => rest.Length == 0 ? [] : rest.Split('/');

    // "/" on Unix, "C:/" on Windows, "//server/" for a share; empty for a relative path.
    private static string Root(string path, out string rest)
    {
        int length;
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            int end = path.IndexOf('/', 2);
            length = end < 0 ? path.Length : end + 1;
        }
        else if (path.StartsWith("/", StringComparison.Ordinal))
        {
            length = 1;
        }
        else if (path.Length >= 2 && path[1] == ':' && char.IsLetter(path[0]))
        {
            length = path.Length > 2 && path[2] == '/' ? 3 : 2;
        }
        else
        {
            length = 0;
        }

        rest = path.Substring(length);
        string root = path.Substring(0, length);
        return length == 2 && root[1] == ':' ? root + "/" : root;
    }
}
