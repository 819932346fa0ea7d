using System.Text;

namespace Unrolled.Tests.Infrastructure;

/// <summary>A fixed, seeded set of topologies for the numeric tests, compiled once per test run.</summary>
internal static class RandomTopologies
{
    public const int Count = 60;

    /// <summary>Two to four layers of one to eight neurons, always the same for a given seed.</summary>
    public static IReadOnlyList<int[]> All { get; } = Generate(seed: 20261125);

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
        while (topologies.Count < Count)
        {
            int layers = random.Next(2, 5);
            topologies.Add([.. Enumerable.Range(0, layers).Select(_ => random.Next(1, 9))]);
        }

        return topologies;
    }
}
