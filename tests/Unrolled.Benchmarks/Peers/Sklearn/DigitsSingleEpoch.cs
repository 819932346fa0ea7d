using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Peers;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// <see cref="DigitsEpoch"/> in float: the same 64-32-10 network (tanh, softmax and cross-entropy, Adam, batches of 32)
/// with Precision.Single, against MLPClassifier given the rows as float32, which scikit-learn 1.2 keeps throughout (its
/// weights, Adam's moments and its activations are float32: setup asks the peer and fails otherwise). Setup first runs
/// one epoch of each from the same parameters with Adam's epsilon at 1e-30 (1e-300 is 0 in float) and fails unless they
/// end within 1e-5 of the largest parameter: float's rounding, not a different step.
/// </summary>
[MemoryDiagnoser]
public class DigitsSingleEpoch : IDisposable
{
    private const int Batch = 32;
    private const float LearningRate = 0.001f;
    private const double Tolerance = 1e-5;
    private const double Epsilon = 1e-8;
    private const double CheckEpsilon = 1e-30;
    private readonly DigitsSingleNetwork _network = new();
    private SklearnDigitsPeer? _sklearn;
    private float[] _inputs = [];
    private float[] _targets = [];

    [GlobalSetup]
    public void Setup()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Peers", "Sklearn", "digits_peer.py");
        _sklearn = new SklearnDigitsPeer(Path.GetFullPath(script), singlePrecision: true);
        _inputs = [.. _sklearn.Inputs.Select(x => (float)x)];
        _targets = [.. _sklearn.Targets.Select(x => (float)x)];
        var start = new float[DigitsSingleNetwork.ParameterCount];
        _network.Randomize(1);
        _network.CopyParametersTo(start);
        double[] startValues = [.. start.Select(x => (double)x)];
        var check = new DigitsSingleCheckNetwork();
        check.SetParameters(start);
        _sklearn.Start(startValues, CheckEpsilon);
        _sklearn.Epoch();
        string dtype = _sklearn.Dtype();
        if (dtype != "float32")
        {
            throw new InvalidOperationException($"{nameof(DigitsSingleEpoch)}: MLPClassifier computes in {dtype}, not float32 alone.");
        }

        Epoch(check);
        var expected = new float[DigitsSingleNetwork.ParameterCount];
        check.CopyParametersTo(expected);
        EpochCheck.Require(nameof(DigitsSingleEpoch), "scikit-learn in float32, one epoch", _sklearn.Parameters(), [.. expected.Select(x => (double)x)], Tolerance);
        _sklearn.Start(startValues, Epsilon);
    }

    // double, as every benchmark here returns: the allocation check calls it without boxing (a float boxed 2 bytes
    // per operation).
    [Benchmark(Baseline = true)]
    public double Unrolled() => Epoch(_network);

    [Benchmark, BenchmarkCategory("Peer")]
    public double ScikitLearn() => _sklearn!.Epoch();

    public void Dispose()
    {
        _sklearn?.Dispose();
        GC.SuppressFinalize(this);
    }

    private float Epoch(ISingleNetwork network)
    {
        float loss = 0;
        int rows = _sklearn!.Rows;
        for (int first = 0; first < rows; first += Batch)
        {
            int count = Math.Min(Batch, rows - first);
            loss += count * network.TrainBatch(
                _inputs.AsSpan(first * DigitsSingleNetwork.InputCount, count * DigitsSingleNetwork.InputCount),
                _targets.AsSpan(first * DigitsSingleNetwork.OutputCount, count * DigitsSingleNetwork.OutputCount),
                LearningRate);
        }

        return loss / rows;
    }
}

/// <summary>The digits network in float: MLPClassifier(hidden_layer_sizes=(32,), activation="tanh", solver="adam")'s on float32 rows.</summary>
[Network(64, 32, 10, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam,
    Precision = Precision.Single)]
public sealed partial class DigitsSingleNetwork;

/// <summary>The float network with Adam's epsilon too small to matter, for the check that both sides do the same step.</summary>
[Network(64, 32, 10, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam,
    Precision = Precision.Single, Epsilon = 1e-30)]
public sealed partial class DigitsSingleCheckNetwork;
