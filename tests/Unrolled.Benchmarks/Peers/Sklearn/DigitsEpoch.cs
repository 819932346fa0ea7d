using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Peers;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// Issue 23's real-data row: scikit-learn's digits (1,347 training rows of 64 inputs, 10 classes), a 64-32-10
/// network with tanh, softmax and cross-entropy, Adam (learning rate 0.001), batches of 32 in order. One operation is
/// one epoch: Unrolled's TrainBatch over every batch, against MLPClassifier's partial_fit with the same settings in a
/// Python process (its time includes one line each way over a pipe, microseconds against its milliseconds).
/// Setup first runs one epoch of each from the same parameters with Adam's epsilon at 1e-300 and fails unless they
/// end within 1e-9 of each other: scikit-learn adds epsilon to sqrt(v) where PyTorch's form, Unrolled's, adds it to
/// sqrt(v / (1 - beta2^t)), so only with an epsilon too small to matter do the two steps agree (with 1e-8 a weight
/// whose gradients are tiny moves differently: 1e-3 of the largest weight after an epoch). The timed epochs use 1e-8.
/// </summary>
[MemoryDiagnoser]
public class DigitsEpoch : IDisposable
{
    private const int Batch = 32;
    private const double LearningRate = 0.001;
    private const double Tolerance = 1e-9;
    private const double Epsilon = 1e-8;
    private const double CheckEpsilon = 1e-300;
    private readonly DigitsNetwork _network = new();
    private SklearnDigitsPeer? _sklearn;
    private double[] _inputs = [];
    private double[] _targets = [];

    [GlobalSetup]
    public void Setup()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Peers", "Sklearn", "digits_peer.py");
        _sklearn = new SklearnDigitsPeer(Path.GetFullPath(script));
        _inputs = _sklearn.Inputs;
        _targets = _sklearn.Targets;
        var start = new double[DigitsNetwork.ParameterCount];
        _network.Randomize(1);
        _network.CopyParametersTo(start);
        var check = new DigitsCheckNetwork();
        check.SetParameters(start);
        _sklearn.Start(start, CheckEpsilon);
        _sklearn.Epoch();
        Epoch(check);
        var expected = new double[DigitsNetwork.ParameterCount];
        check.CopyParametersTo(expected);
        EpochCheck.Require(nameof(DigitsEpoch), "scikit-learn, one epoch", _sklearn.Parameters(), expected, Tolerance);
        _sklearn.Start(start, Epsilon);
    }

    [Benchmark(Baseline = true)]
    public double Unrolled() => Epoch(_network);

    [Benchmark, BenchmarkCategory("Peer")]
    public double ScikitLearn() => _sklearn!.Epoch();

    public void Dispose()
    {
        _sklearn?.Dispose();
        GC.SuppressFinalize(this);
    }

    private double Epoch(INetwork network)
    {
        double loss = 0;
        int rows = _sklearn!.Rows;
        for (int first = 0; first < rows; first += Batch)
        {
            int count = Math.Min(Batch, rows - first);
            loss += count * network.TrainBatch(
                _inputs.AsSpan(first * DigitsNetwork.InputCount, count * DigitsNetwork.InputCount),
                _targets.AsSpan(first * DigitsNetwork.OutputCount, count * DigitsNetwork.OutputCount),
                LearningRate);
        }

        return loss / rows;
    }
}

/// <summary>The digits network: MLPClassifier(hidden_layer_sizes=(32,), activation="tanh", solver="adam")'s.</summary>
[Network(64, 32, 10, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)]
public sealed partial class DigitsNetwork;

/// <summary>The same network with Adam's epsilon too small to matter, for the check that both sides do the same step.</summary>
[Network(64, 32, 10, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam,
    Epsilon = 1e-300)]
public sealed partial class DigitsCheckNetwork;
