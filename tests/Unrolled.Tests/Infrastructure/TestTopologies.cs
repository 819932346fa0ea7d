using System.Text;

namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// A fixed set of topologies for the numeric tests, compiled once per test run: 60 seeded random
/// ones small enough for straight-line code, then shapes above the limit that get the blocked
/// layout, chosen so that the SIMD loops see whole vectors, leftovers and layers narrower than
/// one vector.
/// </summary>
internal static class TestTopologies
{
    private const int RandomCount = 60;

    /// <summary>Blocked shapes: several hidden layers, odd sizes, one input, one output, MNIST size.</summary>
    private static readonly int[][] s_blocked =
    [
        [32, 64, 10],
        [17, 15, 13, 3],
        [1, 300, 1],
        [300, 1],
        [5, 40, 7],
        [784, 128, 10],
    ];

    /// <summary>The random topologies (two to four layers of one to eight neurons, always the same), then the blocked ones.</summary>
    public static IReadOnlyList<int[]> All { get; } = [.. Generate(seed: 20261125), .. s_blocked];

    public static int Count => All.Count;

    // Every parameter of a small network; of a large one (784-128-10 has 101,770) a spread of about
    // 2,000, always including the last, so the check stays quick but still visits every layer.
    public static IEnumerable<int> CheckedParameters(int count)
    {
        int stride = Math.Max(1, count / 2_000);
        for (int p = 0; p < count; p += stride)
        {
            yield return p;
        }

        if ((count - 1) % stride != 0)
        {
            yield return count - 1;
        }
    }

    /// <summary>True for the topologies above the straight-line limit.</summary>
    public static bool IsBlocked(int index) => index >= RandomCount;

    private static readonly Lazy<NetworkAssembly> s_assembly = new(() => NetworkAssembly.Build(Source()));

    public static string TypeName(int index) => $"Topologies.Net{index}";

    public static INetwork Create(int index) => s_assembly.Value.Create(TypeName(index));

    public static string Describe(int index) => string.Join("-", All[index]);

    private static string Source()
    {
        var source = new StringBuilder("using Unrolled;\nnamespace Topologies;\n");
        for (int i = 0; i < All.Count; i++)
        {
            source.Append("[Network(").Append(string.Join(", ", All[i])).Append(")] public partial class Net").Append(i).Append(";\n");
        }

        return source.ToString();
    }

    private static List<int[]> Generate(int seed)
    {
        var random = new Random(seed);
        var topologies = new List<int[]> { new[] { 1, 1 }, new[] { 8, 8, 8, 8 }, new[] { 2, 4, 1 }, new[] { 3, 5, 4, 2 } };
        while (topologies.Count < RandomCount)
        {
            int layers = random.Next(2, 5);
            topologies.Add([.. Enumerable.Range(0, layers).Select(_ => random.Next(1, 9))]);
        }

        return topologies;
    }
}
