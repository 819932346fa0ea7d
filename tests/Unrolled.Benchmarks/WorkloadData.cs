namespace Unrolled.Benchmarks;

/// <summary>The data of ../shared/bench/WORKLOADS.md, identical for every implementation.</summary>
public static class WorkloadData
{
    /// <summary>The four XOR rows in order [0,0], [0,1], [1,0], [1,1], flattened.</summary>
    public static readonly double[] XorInputs = [0, 0, 0, 1, 1, 0, 1, 1];

    public static readonly double[] XorTargets = [0, 1, 1, 0];

    /// <summary>Targets [AND, OR, NAND, NOR, XOR] for each of the four rows, row-major.</summary>
    public static readonly double[] LogicTargets =
    [
        0, 0, 1, 1, 0,
        0, 1, 1, 0, 1,
        0, 1, 1, 0, 1,
        1, 1, 0, 0, 0,
    ];

    public const int ScaleRows = 64;

    /// <summary>
    /// Every implementation of a workload starts from the same parameters: the generated network's
    /// after Randomize(1), copied into each baseline by <paramref name="setParameters"/>.
    /// </summary>
    public static void StartTogether(INetwork generated, params Action<double[]>[] setParameters)
    {
        generated.Randomize(1);
        var parameters = new double[generated.ParameterCount];
        generated.CopyParametersTo(parameters);
        foreach (Action<double[]> set in setParameters)
        {
            set(parameters);
        }
    }

    /// <summary>64 fixed pseudo-random rows in [0, 1) for W4, from SplitMix64 seeded with 4.</summary>
    public static double[] ScaleInputs(int width) => Fill(ScaleRows * width, seed: 4, binary: false);

    /// <summary>0/1 targets for the 64 rows of W4.</summary>
    public static double[] ScaleTargets(int width) => Fill(ScaleRows * width, seed: 44, binary: true);

    public const int MinibatchRows = 256;

    /// <summary>256 fixed pseudo-random rows in [0, 1) for W5, from SplitMix64 seeded with 5.</summary>
    public static double[] MinibatchInputs(int width) => Fill(MinibatchRows * width, seed: 5, binary: false);

    /// <summary>0/1 targets for the 256 rows of W5.</summary>
    public static double[] MinibatchTargets(int width) => Fill(MinibatchRows * width, seed: 55, binary: true);

    private static double[] Fill(int count, ulong seed, bool binary)
    {
        var random = new SplitMix64(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble();
            values[i] = binary ? (u < 0.5 ? 0 : 1) : u;
        }

        return values;
    }
}
