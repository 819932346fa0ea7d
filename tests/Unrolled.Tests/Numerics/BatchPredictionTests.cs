using System.Runtime.Intrinsics;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// PredictBatch computes several rows at once with SIMD; every row must still match Predict on
/// that row, to the accuracy of the vectorised exp, for any row count.
/// </summary>
public sealed class BatchPredictionTests
{
    // Vector256.Exp and Math.Exp may differ in the last bit or two; through the sigmoid that is
    // far below this.
    private const double Tolerance = 1e-14;

    public static TheoryData<int> Topologies() => [.. Enumerable.Range(0, TestTopologies.Count)];

    [Theory]
    [MemberData(nameof(Topologies))]
    public void PredictBatch_matches_Predict_row_by_row_for_every_row_count(int index)
    {
        INetwork network = TestTopologies.Create(index);
        network.Randomize((ulong)index + 11);
        var random = new Random(index);
        foreach (int rows in new[] { 0, 1, 3, 4, 5, 8, 9, 17 })
        {
            double[] inputs = [.. Enumerable.Range(0, rows * network.InputCount).Select(_ => (random.NextDouble() * 8) - 4)];
            double[] outputs = new double[rows * network.OutputCount];
            network.PredictBatch(inputs, outputs);

            double[] expected = new double[network.OutputCount];
            for (int row = 0; row < rows; row++)
            {
                network.Predict(inputs.AsSpan(row * network.InputCount, network.InputCount), expected);
                for (int k = 0; k < expected.Length; k++)
                {
                    double actual = outputs[(row * network.OutputCount) + k];
                    Assert.True(Math.Abs(actual - expected[k]) <= Tolerance,
                        $"{TestTopologies.Describe(index)}, {rows} rows: row {row} output {k}: PredictBatch {actual:R}, Predict {expected[k]:R}");
                }
            }
        }
    }

    [Fact]
    public void The_vectorised_sigmoids_stay_within_1e_14_of_the_scalar_one()
    {
        // The expressions the generator writes for four and eight rows at once, against the one it writes for one.
        double worst256 = 0, worst512 = 0;
        for (double z = -745; z <= 745; z += 0.0123)
        {
            Vector256<double> v = Vector256.Create(z, z + 0.001, z - 0.001, -z);
            Vector256<double> sigmoid256 = Vector256<double>.One / (Vector256<double>.One + Vector256.Exp(-v));
            Vector512<double> w = Vector512.Create(v, -v);
            Vector512<double> sigmoid512 = Vector512<double>.One / (Vector512<double>.One + Vector512.Exp(-w));
            for (int lane = 0; lane < 8; lane++)
            {
                double scalar = 1.0 / (1.0 + Math.Exp(-w[lane]));
                worst512 = Math.Max(worst512, Math.Abs(sigmoid512[lane] - scalar));
                if (lane < 4)
                {
                    worst256 = Math.Max(worst256, Math.Abs(sigmoid256[lane] - scalar));
                }
            }
        }

        Assert.True(worst256 <= Tolerance, $"Vector256: largest difference {worst256:E3}");
        Assert.True(worst512 <= Tolerance, $"Vector512: largest difference {worst512:E3}");
    }

    [Theory]
    [InlineData("1, 64", true)]     // 128 parameters: the limit
    [InlineData("127, 1", true)]
    [InlineData("2, 43", false)]    // 129 parameters: one past it
    [InlineData("8, 16, 4", false)]
    public void SIMD_batch_paths_are_generated_up_to_the_vectorisation_limit(string layers, bool vectorised)
    {
        GeneratorRun run = GeneratorHarness.Run($"[Unrolled.Network({layers})] partial class Net;");
        string source = run.NetworkText("Net.g.cs");
        Assert.Equal(vectorised, source.Contains("Vector256.IsHardwareAccelerated", StringComparison.Ordinal));
        Assert.Equal(vectorised, source.Contains("Vector512.IsHardwareAccelerated", StringComparison.Ordinal));
        Assert.Empty(run.CompilerDiagnostics);
    }

    [Fact]
    public void PredictBatch_allocates_nothing()
    {
        var network = new XorNetwork();
        network.Randomize(1);
        double[] inputs = [.. Enumerable.Range(0, 2 * 37).Select(i => (i % 3) * 0.5)];
        double[] outputs = new double[37];
        void Work()
        {
            for (int i = 0; i < 100_000; i++)
            {
                network.PredictBatch(inputs, outputs);
            }
        }

        Assert.Equal(0, Allocations.Measure(Work));
    }

    [Fact]
    public void PredictBatch_rejects_partial_rows_and_short_outputs()
    {
        var network = new XorNetwork();
        ArgumentException partial = Assert.Throws<ArgumentException>(() => network.PredictBatch(new double[5], new double[3]));
        Assert.Equal("inputs", partial.ParamName);
        Assert.Contains("multiple of 2", partial.Message, StringComparison.Ordinal);
        ArgumentException shortOutputs = Assert.Throws<ArgumentException>(() => network.PredictBatch(new double[8], new double[3]));
        Assert.Equal("outputs", shortOutputs.ParamName);
        Assert.Contains("at least 4", shortOutputs.Message, StringComparison.Ordinal);
        Assert.Contains("is 3", shortOutputs.Message, StringComparison.Ordinal);
    }
}
