using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// The generated network and the loop-and-array reference, started from the same parameters,
/// must agree after 1,000 training steps: same predictions, same parameters, same losses.
/// </summary>
public sealed class EquivalenceTests
{
    private const int Steps = 1_000;
    private const double Tolerance = 1e-12;

    // The blocked layout adds a layer's products in SIMD lanes and then across the lanes, the
    // reference from left to right: the same sum, rounded differently in the last bit. On wide
    // layers the small networks' learning rates are far too large (a step of 0.5 moves the output
    // of 300 hidden neurons by about 0.5 * 300 * 0.25 times the error), training turns chaotic and
    // any difference in the last bit doubles every few steps. The blocked topologies therefore
    // train at a tenth of the rate, where training is stable and last-bit differences stay small.
    private static double LearningRate(int index, double rate) => TestTopologies.IsBlocked(index) ? rate / 10 : rate;

    public static TheoryData<int> Topologies() => [.. Enumerable.Range(0, TestTopologies.Count)];

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Train_matches_the_loop_reference_after_1000_steps(int index)
    {
        (INetwork network, ReferenceNetwork reference, Random random) = StartPair(index);
        double[][] inputs = Rows(random, 8, network.InputCount, -1, 1);
        double[][] targets = Rows(random, 8, network.OutputCount, 0, 1);

        for (int step = 0; step < Steps; step++)
        {
            int row = step % inputs.Length;
            double expectedLoss = reference.Train(inputs[row], targets[row], LearningRate(index, 0.5));
            double actualLoss = network.Train(inputs[row], targets[row], LearningRate(index, 0.5));
            AssertClose(expectedLoss, actualLoss, index, $"loss at step {step}");
        }

        AssertSameNetwork(network, reference, inputs, index);
    }

    [Theory]
    [MemberData(nameof(Topologies))]
    public void TrainBatch_matches_the_loop_reference_after_1000_steps(int index) => TrainBatchMatches(index, rows: 5);

    // Fewer rows than one SIMD block, exactly one block, and several blocks plus a leftover row.
    public static TheoryData<int, int> RowCounts() =>
    [
        .. new[] { 1, 4, 9, 17 }.SelectMany(rows => new[] { 0, 1, 2, 3, 12, 33, 60, 62 }.Select(index => (index, rows))),
    ];

    [Theory]
    [MemberData(nameof(RowCounts))]
    public void TrainBatch_matches_the_loop_reference_for_any_row_count(int index, int rows) => TrainBatchMatches(index, rows);

    private static void TrainBatchMatches(int index, int rows)
    {
        (INetwork network, ReferenceNetwork reference, Random random) = StartPair(index);
        double[][] inputRows = Rows(random, rows, network.InputCount, -1, 1);
        double[] inputs = [.. inputRows.SelectMany(r => r)];
        double[] targets = [.. Rows(random, rows, network.OutputCount, 0, 1).SelectMany(r => r)];

        for (int step = 0; step < Steps; step++)
        {
            double expectedLoss = reference.TrainBatch(inputs, targets, LearningRate(index, 1.0));
            double actualLoss = network.TrainBatch(inputs, targets, LearningRate(index, 1.0));
            AssertClose(expectedLoss, actualLoss, index, $"mean loss at step {step}");
        }

        AssertSameNetwork(network, reference, inputRows, index);
    }

    private static (INetwork Network, ReferenceNetwork Reference, Random Random) StartPair(int index)
    {
        INetwork network = TestTopologies.Create(index);
        network.Randomize((ulong)index);
        var reference = new ReferenceNetwork(TestTopologies.All[index]);
        Assert.Equal(reference.ParameterCount, network.ParameterCount);
        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        reference.SetParameters(parameters);
        return (network, reference, new Random(index));
    }

    private static void AssertSameNetwork(INetwork network, ReferenceNetwork reference, double[][] inputs, int index)
    {
        double[] actual = new double[network.ParameterCount];
        network.CopyParametersTo(actual);
        double[] expected = reference.GetParameters();
        for (int p = 0; p < expected.Length; p++)
        {
            AssertClose(expected[p], actual[p], index, $"parameter {p}");
        }

        double[] output = new double[network.OutputCount];
        foreach (double[] input in inputs)
        {
            network.Predict(input, output);
            double[] expectedOutput = reference.Predict(input);
            for (int k = 0; k < output.Length; k++)
            {
                AssertClose(expectedOutput[k], output[k], index, $"output {k}");
            }
        }
    }

    private static void AssertClose(double expected, double actual, int index, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance,
            $"{TestTopologies.Describe(index)}: {what}: reference {expected:R}, generated {actual:R}");

    private static double[][] Rows(Random random, int count, int width, double min, double max) =>
        [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, width).Select(_ => min + (random.NextDouble() * (max - min))).ToArray())];
}
