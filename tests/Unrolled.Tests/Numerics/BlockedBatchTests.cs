using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// The blocked layout's batch paths take blocks of rows through the kernels: up to 16 rows on the
/// stack, up to 64 (or 16) in the instance (which PredictBatch borrows where Predict keeps its row on
/// the stack), or one row at a time where a block would need more memory than the parameters. Each shape below takes a different path; every path must agree with
/// one-row Predict and with the loop reference, across block boundaries, and allocate nothing.
/// </summary>
public sealed class BlockedBatchTests
{
    private static readonly Lazy<NetworkAssembly> s_assembly = new(() => NetworkAssembly.Build("""
        using Unrolled;
        namespace BlockPaths;
        // 74 activations: PredictBatch keeps 16 rows on the stack; TrainBatch takes 64 rows.
        [Network(32, 64, 10)] public partial class Stack;
        // 320 activations: too many for 16 rows on the stack, so PredictBatch borrows the instance's 64 rows; TrainBatch takes 64 rows.
        [Network(16, 300, 20)] public partial class BorrowedBlock;
        // 1,104 activations: 64 rows would take more memory than the parameters, so both take 16 rows in the instance.
        [Network(8, 1100, 4)] public partial class ShortBlocks;
        // 5,001 activations and 15,001 parameters: even 16 rows would take five times the parameters, so both go row by row.
        [Network(1, 5000, 1)] public partial class RowByRow;
        // Every option the blocked passes write differently: tanh, softmax with cross-entropy, Adam; in 16 and 64 rows.
        [Network(20, 30, 5, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] public partial class Classifier;
        [Network(20, 30, 5, Hidden = Activation.ReLU, Output = Activation.Sigmoid, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Momentum)] public partial class BinaryClassifier;
        [Network(20, 30, 5, Hidden = Activation.LeakyReLU, Output = Activation.Linear)] public partial class Regression;
        """));

    public static TheoryData<string> Shapes() => ["Stack", "BorrowedBlock", "ShortBlocks", "RowByRow", "Classifier", "BinaryClassifier", "Regression"];

    // The generated code takes the path each shape is here for; otherwise the tests below would not test it.
    [Theory]
    [InlineData("Stack", "stackalloc double[ActivationCount * StackBatchRows]", "ForwardBatch(x, count, _batchActivations, BatchRows)")]
    [InlineData("BorrowedBlock", "Interlocked.CompareExchange(ref _batchBorrowed, 1, 0)", "ForwardBatch(x, count, _batchActivations, BatchRows)")]
    [InlineData("ShortBlocks", "batch = _batchActivations", "private const int BatchRows = 16;")]
    [InlineData("RowByRow", "ForwardPass(inputs.Slice(row * InputCount, InputCount), activations)", "AddGradients(input);")]
    public void Each_shape_takes_its_path(string type, string predictBatch, string trainBatch)
    {
        string source = GeneratorHarness.Run($"namespace BlockPaths; [Unrolled.Network({Sizes(type)})] public partial class {type};").Sources.AllText();
        Assert.Contains(predictBatch, source, StringComparison.Ordinal);
        Assert.Contains(trainBatch, source, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PredictBatch_matches_Predict_across_block_boundaries(string type)
    {
        INetwork network = Create(type);
        var random = new Random(type.Length);
        foreach (int rows in new[] { 0, 1, 15, 16, 17, 63, 64, 65, 130 })
        {
            double[] inputs = Values(random, rows * network.InputCount, -2, 2);
            double[] outputs = new double[rows * network.OutputCount];
            network.PredictBatch(inputs, outputs);
            double[] expected = new double[network.OutputCount];
            for (int row = 0; row < rows; row++)
            {
                network.Predict(inputs.AsSpan(row * network.InputCount, network.InputCount), expected);
                for (int k = 0; k < expected.Length; k++)
                {
                    double actual = outputs[(row * network.OutputCount) + k];
                    Assert.True(Math.Abs(actual - expected[k]) <= 1e-12 * Math.Max(1, Math.Abs(expected[k])),
                        $"{type}, {rows} rows: row {row} output {k}: PredictBatch {actual:R}, Predict {expected[k]:R}");
                }
            }
        }
    }

    // Fused multiply-add and the kernels' order of summation change the last bits of each step, and
    // training amplifies them a little each step: hence a few steps at 1e-9 relative.
    [Theory]
    [MemberData(nameof(Shapes))]
    public void TrainBatch_matches_the_loop_reference_across_block_boundaries(string type)
    {
        foreach (int rows in new[] { 1, 16, 17, 64, 65, 130 })
        {
            INetwork network = Create(type);
            var reference = new ReferenceNetwork(Layers(type), ReferenceOptionsOf(type));
            double[] start = new double[network.ParameterCount];
            network.CopyParametersTo(start);
            reference.SetParameters(start);
            var random = new Random(rows);
            double[] inputs = Values(random, rows * network.InputCount, -1, 1);
            double[] targets = Targets(random, type, rows, network.OutputCount);
            for (int step = 0; step < 3; step++)
            {
                double expectedLoss = reference.TrainBatch(inputs, targets, 0.05);
                double actualLoss = network.TrainBatch(inputs, targets, 0.05);
                AssertClose(expectedLoss, actualLoss, $"{type}, {rows} rows, loss at step {step}");
            }

            double[] actual = new double[network.ParameterCount];
            network.CopyParametersTo(actual);
            double[] expected = reference.GetParameters();
            for (int p = 0; p < expected.Length; p++)
            {
                AssertClose(expected[p], actual[p], $"{type}, {rows} rows, parameter {p}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_batch_paths_allocate_nothing(string type)
    {
        INetwork network = Create(type);
        var random = new Random(3);
        double[] inputs = Values(random, 70 * network.InputCount, -1, 1);
        double[] targets = Targets(random, type, 70, network.OutputCount);
        double[] outputs = new double[70 * network.OutputCount];
        network.TrainBatch(inputs, targets, 0.01);
        network.PredictBatch(inputs, outputs);
        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (int i = 0; i < 20; i++)
            {
                network.TrainBatch(inputs, targets, 0.01);
                network.PredictBatch(inputs, outputs);
            }
        }));
    }

    private static INetwork Create(string type)
    {
        INetwork network = s_assembly.Value.Create("BlockPaths." + type);
        network.Randomize((ulong)type.Length);
        return network;
    }

    private static string Sizes(string type) => string.Join(", ", Layers(type));

    private static int[] Layers(string type) => type switch
    {
        "Stack" => [32, 64, 10],
        "BorrowedBlock" => [16, 300, 20],
        "ShortBlocks" => [8, 1100, 4],
        "RowByRow" => [1, 5000, 1],
        _ => [20, 30, 5],
    };

    private static ReferenceOptions? ReferenceOptionsOf(string type) => type switch
    {
        "Classifier" => new ReferenceOptions(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, Optimizer.Adam),
        "BinaryClassifier" => new ReferenceOptions(Activation.ReLU, Activation.Sigmoid, Loss.CrossEntropy, Optimizer.Momentum),
        "Regression" => new ReferenceOptions(Activation.LeakyReLU, Activation.Linear, Loss.SquaredError, Optimizer.Sgd),
        _ => null,
    };

    // Softmax targets are one-hot rows; the others take values in [0, 1].
    private static double[] Targets(Random random, string type, int rows, int outputs)
    {
        if (type != "Classifier")
        {
            return Values(random, rows * outputs, 0, 1);
        }

        double[] targets = new double[rows * outputs];
        for (int row = 0; row < rows; row++)
        {
            targets[(row * outputs) + random.Next(outputs)] = 1;
        }

        return targets;
    }

    private static double[] Values(Random random, int count, double low, double high) =>
        [.. Enumerable.Range(0, count).Select(_ => low + (random.NextDouble() * (high - low)))];

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
}
