using System.Reflection;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// PredictBatch takes the batch kernels at every width. Up to 256 activations a block of 16 rows sits on
/// the stack; between 257 and 1,024, where Predict still keeps its one row on the stack, PredictBatch
/// borrows the network's own block of 64 rows and a call that finds it borrowed goes row by row on the
/// stack; above 1,024 it uses the network's block, as Predict uses the network's buffer. These networks
/// sit at each edge, and 404 is Fashion-MNIST's 784-256-128-10 classifier (its 10 output z values kept
/// for the cross-entropy).
/// </summary>
public sealed class MidSizePredictBatchTests
{
    private static readonly Lazy<NetworkAssembly> s_assembly = new(() => NetworkAssembly.Build(Source));

    private const string Source = """
        using Unrolled;
        namespace MidSize;
        [Network(16, 200, 57)] public partial class Slots257;
        [Network(784, 256, 128, 10, Hidden = Activation.ReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] public partial class Slots404;
        [Network(16, 1000, 24)] public partial class Slots1024;
        [Network(16, 1000, 25)] public partial class Slots1025;
        [Network(16, 200, 57, Precision = Precision.Single)] public partial class SingleSlots257;
        [Network(784, 256, 128, 10, Hidden = Activation.ReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, Precision = Precision.Single)] public partial class SingleSlots404;
        [Network(16, 1000, 24, Precision = Precision.Single)] public partial class SingleSlots1024;
        [Network(16, 1000, 25, Precision = Precision.Single)] public partial class SingleSlots1025;
        // 74 activations: 16 rows on the stack.
        [Network(32, 64, 10)] public partial class Stack;
        """;

    private static readonly int[] s_rowCounts = [1, 15, 16, 17, 64, 65, 1000];

    public static TheoryData<string> Widths() => ["Slots257", "Slots404", "Slots1024", "Slots1025"];

    public static TheoryData<string> BorrowingWidths() => ["Slots257", "Slots404", "Slots1024"];

    // Before, 257 to 1,024 activations went row by row (ForwardPass per row), the same speed as Predict.
    [Theory]
    [InlineData("Slots257", "global::System.Threading.Interlocked.CompareExchange(ref _batchBorrowed, 1, 0)")]
    [InlineData("Slots404", "global::System.Threading.Interlocked.CompareExchange(ref _batchBorrowed, 1, 0)")]
    [InlineData("Slots1024", "global::System.Threading.Interlocked.CompareExchange(ref _batchBorrowed, 1, 0)")]
    [InlineData("Slots1025", "global::System.Span<double> batch = _batchActivations;")]
    [InlineData("SingleSlots404", "global::System.Threading.Interlocked.CompareExchange(ref _batchBorrowed, 1, 0)")]
    public void Every_width_takes_the_blocked_kernels(string type, string how)
    {
        string attribute = Source.Split('\n').Single(line => line.Contains($" class {type};", StringComparison.Ordinal));
        string source = GeneratorHarness.Run("using Unrolled; namespace MidSize; " + attribute).Sources.AllText();
        string predictBatch = source[source.IndexOf("public void PredictBatch(", StringComparison.Ordinal)..];
        predictBatch = predictBatch[..predictBatch.IndexOf("\n    }\n", StringComparison.Ordinal)];
        Assert.Contains(how, predictBatch, StringComparison.Ordinal);
        Assert.Contains("ForwardBatch(inputs.Slice(first * InputCount, count * InputCount), count, batch, BatchRows);", predictBatch, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void PredictBatch_matches_Predict_row_by_row_in_double(string type)
    {
        INetwork network = Create(type);
        var random = new Random(type.Length);
        foreach (int rows in s_rowCounts)
        {
            double[] inputs = Inputs(random, rows * network.InputCount);
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

    // float's epsilon is 1.2e-7; 784 products summed in another order and with fused multiply-add differ by a few of them.
    [Theory]
    [MemberData(nameof(Widths))]
    public void PredictBatch_matches_Predict_row_by_row_in_float(string type)
    {
        ISingleNetwork network = CreateSingle("Single" + type);
        var random = new Random(type.Length);
        foreach (int rows in s_rowCounts)
        {
            float[] inputs = [.. Inputs(random, rows * network.InputCount).Select(v => (float)v)];
            float[] outputs = new float[rows * network.OutputCount];
            network.PredictBatch(inputs, outputs);
            float[] expected = new float[network.OutputCount];
            for (int row = 0; row < rows; row++)
            {
                network.Predict(inputs.AsSpan(row * network.InputCount, network.InputCount), expected);
                for (int k = 0; k < expected.Length; k++)
                {
                    float actual = outputs[(row * network.OutputCount) + k];
                    Assert.True(Math.Abs(actual - expected[k]) <= 1e-5f * Math.Max(1, Math.Abs(expected[k])),
                        $"Single{type}, {rows} rows: row {row} output {k}: PredictBatch {actual:R}, Predict {expected[k]:R}");
                }
            }
        }
    }

    // What a call does while another thread holds the block, made deterministic: the flag is set by hand.
    [Theory]
    [MemberData(nameof(BorrowingWidths))]
    public void A_call_that_finds_the_block_borrowed_computes_each_row_exactly_as_Predict_and_leaves_the_flag_to_its_holder(string type)
    {
        INetwork network = Create(type);
        FieldInfo flag = network.GetType().GetField("_batchBorrowed", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var random = new Random(5);
        const int Rows = 40;
        double[] inputs = Inputs(random, Rows * network.InputCount);
        double[] outputs = new double[Rows * network.OutputCount];

        flag.SetValue(network, 1);
        network.PredictBatch(inputs, outputs);
        Assert.Equal(1, (int)flag.GetValue(network)!);

        double[] expected = new double[network.OutputCount];
        for (int row = 0; row < Rows; row++)
        {
            network.Predict(inputs.AsSpan(row * network.InputCount, network.InputCount), expected);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), outputs.Skip(row * network.OutputCount).Take(network.OutputCount).Select(BitConverter.DoubleToInt64Bits));
        }

        flag.SetValue(network, 0);
        network.PredictBatch(inputs, outputs);
        Assert.Equal(0, (int)flag.GetValue(network)!);
    }

    // The promise that stays: PredictBatch only reads the network, so many threads may call it at once.
    // Whatever the interleaving, each call's outputs are the lone call's bit for bit (the stack's block),
    // or, for a borrowing network, those or Predict's row by row bit for bit (the call found the block held).
    [Theory]
    [InlineData("Stack")]
    [InlineData("Slots404")]
    [InlineData("Slots1024")]
    public void Concurrent_PredictBatch_gives_the_answers_of_sequential_calls(string type)
    {
        INetwork network = Create(type);
        var random = new Random(9);
        const int Rows = 70;
        double[][] inputs = [.. Enumerable.Range(0, 4).Select(_ => Inputs(random, Rows * network.InputCount))];
        long[][] blocked = [.. inputs.Select(x => Bits(Predicted(network, x, Rows, rowByRow: false)))];
        long[][] rowByRow = [.. inputs.Select(x => Bits(Predicted(network, x, Rows, rowByRow: true)))];
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
        {
            long[] actual = Bits(Predicted(network, inputs[n % inputs.Length], Rows, rowByRow: false));
            Assert.True(actual.SequenceEqual(blocked[n % inputs.Length]) || (type != "Stack" && actual.SequenceEqual(rowByRow[n % inputs.Length])),
                $"{type}, call {n}: outputs are neither a lone PredictBatch's nor Predict's");
        });
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void PredictBatch_allocates_nothing(string type)
    {
        INetwork network = Create(type);
        ISingleNetwork single = CreateSingle("Single" + type);
        var random = new Random(3);
        double[] inputs = Inputs(random, 70 * network.InputCount);
        float[] singleInputs = [.. inputs.Select(v => (float)v)];
        double[] outputs = new double[70 * network.OutputCount];
        float[] singleOutputs = new float[70 * network.OutputCount];
        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (int i = 0; i < 5; i++)
            {
                network.PredictBatch(inputs, outputs);
                single.PredictBatch(singleInputs, singleOutputs);
            }
        }));
    }

    private static double[] Predicted(INetwork network, double[] inputs, int rows, bool rowByRow)
    {
        double[] outputs = new double[rows * network.OutputCount];
        if (!rowByRow)
        {
            network.PredictBatch(inputs, outputs);
            return outputs;
        }

        for (int row = 0; row < rows; row++)
        {
            network.Predict(inputs.AsSpan(row * network.InputCount, network.InputCount), outputs.AsSpan(row * network.OutputCount, network.OutputCount));
        }

        return outputs;
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];

    private static INetwork Create(string type)
    {
        INetwork network = s_assembly.Value.Create("MidSize." + type);
        network.Randomize((ulong)type.Length);
        return network;
    }

    private static ISingleNetwork CreateSingle(string type)
    {
        var network = (ISingleNetwork)s_assembly.Value.CreateObject("MidSize." + type);
        network.Randomize((ulong)type.Length);
        return network;
    }

    // Inputs in [0, 1), as pixel intensities are, and the ReLU layers see both signs of weight.
    private static double[] Inputs(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => random.NextDouble())];
}
