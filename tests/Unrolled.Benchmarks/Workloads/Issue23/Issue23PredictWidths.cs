using BenchmarkDotNet.Attributes;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// Issue 23's PredictBatch bar: one PredictBatch call over 10,000 rows (Fashion-MNIST's test set's
/// size; inputs from W6's generator) for the two mid-size networks the issue names, 784-256-128-10
/// (W6's) and 784-300-100-10, ReLU hidden and softmax output, double; with -p:Peers=true beside
/// TorchSharp's forward pass with softmax under no_grad on one thread (the TorchSharp partial). Setup
/// checks the generated Predict row by row, and the peer, against PredictBatch's outputs. The figure is
/// per call: divide by 10,000 for per row.
/// </summary>
[MemoryDiagnoser]
public partial class Issue23PredictWidths
{
    public const int Rows = 10_000;
    private const double Tolerance = 1e-9;
    private IPredictor _generated = null!;
    private double[] _inputs = [];
    private double[] _outputs = [];

    [Params("784-256-128-10", "784-300-100-10")]
    public string Shape { get; set; } = "784-256-128-10";

    [GlobalSetup]
    public void Setup()
    {
        (IPredictor network, double[] start) = Shape switch
        {
            "784-256-128-10" => Started(new FashionNetwork(), FashionNetwork.ParameterCount),
            "784-300-100-10" => Started(new Fashion300Network(), Fashion300Network.ParameterCount),
            _ => throw new ArgumentException($"Unknown shape {Shape}: give 784-256-128-10 or 784-300-100-10."),
        };
        _generated = network;
        _inputs = Issue23Rows.Inputs();
        _outputs = new double[Rows * W6Data.Classes];
        var expected = new double[_outputs.Length];
        _generated.PredictBatch(_inputs, expected);
        for (int row = 0; row < Rows; row++)
        {
            _generated.Predict(_inputs.AsSpan(row * W6Data.Inputs, W6Data.Inputs), _outputs.AsSpan(row * W6Data.Classes, W6Data.Classes));
        }

        EpochCheck.Require($"{nameof(Issue23PredictWidths)} {Shape}", "Predict row by row", _outputs, expected, Tolerance);
        PeerSetup(Issue23Rows.Sizes(Shape), start, expected);
    }

    [Benchmark(Baseline = true)]
    public double PredictBatch()
    {
        _generated.PredictBatch(_inputs, _outputs);
        return _outputs[^1];
    }

    private static (IPredictor Network, double[] Start) Started(INetwork network, int parameterCount)
    {
        network.Randomize(1);
        var start = new double[parameterCount];
        network.CopyParametersTo(start);
        return (network, start);
    }

#if !PEERS
    private static void PeerSetup(int[] sizes, double[] start, double[] expected)
    {
    }
#endif
}

/// <summary>
/// <see cref="Issue23PredictWidths"/> in float: the same rows rounded to float, outputs checked to 1e-5
/// of the largest.
/// </summary>
[MemoryDiagnoser]
public partial class Issue23SinglePredictWidths
{
    private const double Tolerance = 1e-5;
    private ISinglePredictor _generated = null!;
    private float[] _inputs = [];
    private float[] _outputs = [];

    [Params("784-256-128-10", "784-300-100-10")]
    public string Shape { get; set; } = "784-256-128-10";

    [GlobalSetup]
    public void Setup()
    {
        (ISinglePredictor network, float[] start) = Shape switch
        {
            "784-256-128-10" => Started(new SingleFashionNetwork(), SingleFashionNetwork.ParameterCount),
            "784-300-100-10" => Started(new SingleFashion300Network(), SingleFashion300Network.ParameterCount),
            _ => throw new ArgumentException($"Unknown shape {Shape}: give 784-256-128-10 or 784-300-100-10."),
        };
        _generated = network;
        _inputs = [.. Issue23Rows.Inputs().Select(v => (float)v)];
        _outputs = new float[Issue23PredictWidths.Rows * W6Data.Classes];
        var expected = new float[_outputs.Length];
        _generated.PredictBatch(_inputs, expected);
        for (int row = 0; row < Issue23PredictWidths.Rows; row++)
        {
            _generated.Predict(_inputs.AsSpan(row * W6Data.Inputs, W6Data.Inputs), _outputs.AsSpan(row * W6Data.Classes, W6Data.Classes));
        }

        double[] expectedDouble = [.. expected.Select(v => (double)v)];
        EpochCheck.Require($"{nameof(Issue23SinglePredictWidths)} {Shape}", "Predict row by row", [.. _outputs.Select(v => (double)v)], expectedDouble, Tolerance);
        PeerSetup(Issue23Rows.Sizes(Shape), [.. start.Select(v => (double)v)], expectedDouble);
    }

    [Benchmark(Baseline = true)]
    public double PredictBatch()
    {
        _generated.PredictBatch(_inputs, _outputs);
        return _outputs[^1];
    }

    private static (ISinglePredictor Network, float[] Start) Started(ISingleNetwork network, int parameterCount)
    {
        network.Randomize(1);
        var start = new float[parameterCount];
        network.CopyParametersTo(start);
        return (network, start);
    }

#if !PEERS
    private static void PeerSetup(int[] sizes, double[] start, double[] expected)
    {
    }
#endif
}

/// <summary>The rows and layer sizes of <see cref="Issue23PredictWidths"/>.</summary>
public static class Issue23Rows
{
    /// <summary>10,000 rows of 784 inputs uniform in [0, 1), row-major, from SplitMix64 seeded with 23.</summary>
    public static double[] Inputs() => W6Data.InputRows(Issue23PredictWidths.Rows, 23);

    /// <summary>The layer sizes a shape's name spells.</summary>
    public static int[] Sizes(string shape) => [.. shape.Split('-').Select(int.Parse)];
}

/// <summary>784-300-100-10 (LeCun's classic MNIST network's size) with W6's activations and loss, double.</summary>
[Network(784, 300, 100, 10, Hidden = Activation.ReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)]
public sealed partial class Fashion300Network;

/// <summary>784-300-100-10 in float.</summary>
[Network(784, 300, 100, 10, Hidden = Activation.ReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, Precision = Precision.Single)]
public sealed partial class SingleFashion300Network;
