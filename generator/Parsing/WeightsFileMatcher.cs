using System;
using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Which <c>AdditionalFiles</c> a <c>Weights</c> path names. An absolute path names the file at that
/// path. A relative one names the file at that path from the project directory, or else every file
/// whose path ends with it, so a bare file name finds the one file of that name wherever it is.
/// More than one result is ambiguous, and the resolver reports it rather than pick one.
/// </summary>
internal static class WeightsFileMatcher
{
    /// <summary>The files <paramref name="weights"/> names, ordered by path.</summary>
    public static AdditionalFileText[] Find(string weights, IEnumerable<AdditionalFileText> files, StringComparison comparison)
    {
        string wanted = WeightsPath.Normalize(weights);
        StringComparer comparer = comparison == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

        // The same file listed twice, or as "a/../x" and "x", is still one file.
        (string Path, AdditionalFileText File)[] distinct = [.. files
            .GroupBy(f => WeightsPath.Normalize(f.Path), comparer)
            .Select(g => (g.Key, g.First()))
            .OrderBy(f => f.Key, StringComparer.Ordinal)];

        if (WeightsPath.IsRooted(wanted))
        {
            return [.. distinct.Where(f => string.Equals(f.Path, wanted, comparison)).Select(f => f.File)];
        }

        AdditionalFileText[] fromProject = [.. distinct.Select(f => f.File).Where(f => f.RelativePath is { } relative && string.Equals(relative, wanted, comparison))];
        return fromProject.Length > 0
            ? fromProject
            : [.. distinct.Where(f => WeightsPath.EndsWith(f.Path, wanted, comparison)).Select(f => f.File)];
    }
}
