using System.Text;

namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// Float versions of some of <see cref="TestTopologies"/>: the first random ones, which include
/// SIMD batch paths, and every blocked shape, compiled once per test run.
/// </summary>
internal static class SingleTopologies
{
    private const int RandomCount = 16;

    /// <summary>Indexes into <see cref="TestTopologies.All"/>.</summary>
    public static IReadOnlyList<int> Indexes { get; } =
        [.. Enumerable.Range(0, RandomCount), .. Enumerable.Range(0, TestTopologies.Count).Where(TestTopologies.IsBlocked)];

    private static readonly Lazy<NetworkAssembly> s_assembly = new(() => NetworkAssembly.Build(Source()));

    public static ISingleNetwork Create(int index) => (ISingleNetwork)s_assembly.Value.CreateObject($"SingleTopologies.Net{index}");

    private static string Source()
    {
        var source = new StringBuilder("using Unrolled;\nnamespace SingleTopologies;\n");
        foreach (int index in Indexes)
        {
            source.Append("[Network(").Append(string.Join(", ", TestTopologies.All[index]))
                .Append(", Precision = Precision.Single)] public partial class Net").Append(index).Append(";\n");
        }

        return source.ToString();
    }
}
