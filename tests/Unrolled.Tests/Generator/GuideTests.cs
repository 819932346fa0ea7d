using System.Text.RegularExpressions;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// docs/reading-generated-code.md quotes the generated XorNet. Each quoted block must still appear,
/// line for line, in the approved snapshot it names, so the guide cannot drift from the generator.
/// </summary>
public sealed partial class GuideTests
{
    private static readonly string s_guide = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "reading-generated-code.md"));

    [Fact]
    public void Every_excerpt_matches_the_snapshot_it_names()
    {
        MatchCollection excerpts = Excerpt().Matches(s_guide);
        Assert.True(excerpts.Count >= 8, $"The guide should quote the generated code block by block; it has {excerpts.Count} excerpts.");
        foreach (Match excerpt in excerpts)
        {
            string[] snapshot = Lines(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, excerpt.Groups["file"].Value)));
            string[] quoted = Lines(excerpt.Groups["code"].Value);
            Assert.True(ContainsRun(snapshot, quoted), $"This excerpt no longer matches {excerpt.Groups["file"].Value}:\n{excerpt.Groups["code"].Value}");
        }
    }

    [Fact]
    public void A_changed_line_is_caught()
    {
        string[] snapshot = Lines(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "Unrolled.Tests", "Snapshots", "XorNet.verified.cs")));
        Assert.True(ContainsRun(snapshot, ["double e0 = o0 - target[0];", "double loss = 0.5 * (e0 * e0);"]));
        Assert.False(ContainsRun(snapshot, ["double e0 = o0 - target[0];", "double loss = e0 * e0;"]));
    }

    // Lines without their indentation: the guide shows the code less indented than the file.
    private static string[] Lines(string text) => [.. text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static bool ContainsRun(string[] haystack, string[] run) =>
        Enumerable.Range(0, Math.Max(0, haystack.Length - run.Length + 1)).Any(start => haystack.AsSpan(start, run.Length).SequenceEqual(run));

    [GeneratedRegex(@"<!-- excerpt: (?<file>[^ ]+) -->\s*```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Excerpt();
}
