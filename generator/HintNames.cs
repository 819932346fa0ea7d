using System;
using System.Collections.Generic;
using System.Linq;

namespace Unrolled.Generator;

/// <summary>
/// Makes file names unique. The compiler compares hint names ignoring case, and file systems may
/// too, so <c>N.Net</c> and <c>N.NET</c> need different files even though C# tells them apart.
/// </summary>
internal static class HintNames
{
    private const string Extension = ".g.cs";

    /// <summary>
    /// The name <paramref name="hintName"/> keeps among <paramref name="all"/>: itself when no other
    /// differs from it only in case, otherwise a numbered variant (<c>N.Net.2.g.cs</c>) in ordinal order.
    /// </summary>
    public static string MakeUnique(string hintName, IEnumerable<string> all)
    {
        List<string> clashing = all
            .Where(n => string.Equals(n, hintName, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        int index = clashing.IndexOf(hintName);
        if (index <= 0)
        {
            return hintName;
        }

        string stem = hintName.Substring(0, hintName.Length - Extension.Length);
        return stem + "." + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + Extension;
    }
}
