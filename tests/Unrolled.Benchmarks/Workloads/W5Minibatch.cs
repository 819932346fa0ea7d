using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Baselines;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// W5 minibatch in double: 256 fixed rows cycled in consecutive batches, one TrainBatch per batch
/// (mean gradient), learning rate 0.5; figures are per sample. Beside the loop baseline: the
/// generated TrainBatch, the generated per-sample Train over the same rows, and (with
/// -p:Peers=true) TorchSharp. Setup runs one epoch of each from the same parameters and fails
/// unless all end within 1e-9 of the generated network's: the generated batch kernels use fused
/// multiply-add and their own summation order, so the last bits differ from the loop's.
/// </summary>
[MemoryDiagnoser]
public abstract partial class W5Minibatch : IW5Figures
{
    private const double LearningRate = 0.5;
    private const double Tolerance = 1e-9;
    private const int Rows = WorkloadData.MinibatchRows;
    private readonly string _name;
    private readonly INetwork _generated;
    private readonly INetwork _perSample;
    private readonly LoopNetwork _loop;
    private readonly double[] _inputs;
    private readonly double[] _targets;
    private readonly int _batch;
    private int _next;

    // The name is passed in: under BenchmarkDotNet's in-process toolchain GetType() is its emitted runnable.
    protected W5Minibatch(string name, INetwork generated, INetwork perSample, int batch)
    {
        _name = name;
        _generated = generated;
        _perSample = perSample;
        _batch = batch;
        _loop = new LoopNetwork(generated.LayerSizes.ToArray());
        _inputs = WorkloadData.MinibatchInputs(generated.InputCount);
        _targets = WorkloadData.MinibatchTargets(generated.OutputCount);
    }

    public int BatchRows => _batch;

    public double FlopsPerSample => W5Flops.TrainPerSample(_generated.LayerSizes);

    public bool IsSingle => false;

    [GlobalSetup]
    public void Setup()
    {
        var start = new double[_generated.ParameterCount];
        WorkloadData.StartTogether(_generated, p => _loop.SetParameters(p), p => p.CopyTo(start));
        for (int b = 0; b < Rows / _batch; b++)
        {
            _loop.TrainBatch(BatchInputs(b), BatchTargets(b), LearningRate);
        }

        var ends = new List<(string Name, double[] Parameters)> { ("loop, one epoch", LoopParameters()) };
        ends.AddRange(PeerEpochs(start));
        for (int b = 0; b < Rows / _batch; b++)
        {
            _generated.TrainBatch(BatchInputs(b), BatchTargets(b), LearningRate);
        }

        var expected = new double[_generated.ParameterCount];
        _generated.CopyParametersTo(expected);
        foreach ((string name, double[] actual) in ends)
        {
            EpochCheck.Require(_name, name, actual, expected, Tolerance);
        }

        _perSample.SetParameters(start);
        _next = 0;
    }

    // Each benchmark times one batch (BenchmarkDotNet's operation); the W5 table divides by BatchRows.
    [Benchmark(Baseline = true)]
    public double Loop() => _loop.TrainBatch(BatchInputs(_next), BatchTargets(Advance()), LearningRate);

    [Benchmark]
    public double TrainBatch() => _generated.TrainBatch(BatchInputs(_next), BatchTargets(Advance()), LearningRate);

    [Benchmark]
    public double Train()
    {
        int inputs = _generated.InputCount;
        int outputs = _generated.OutputCount;
        int first = Advance() * _batch;
        double loss = 0;
        for (int row = first; row < first + _batch; row++)
        {
            loss += _perSample.Train(_inputs.AsSpan(row * inputs, inputs), _targets.AsSpan(row * outputs, outputs), LearningRate);
        }

        return loss;
    }

    private ReadOnlySpan<double> BatchInputs(int b) => _inputs.AsSpan(b * _batch * _generated.InputCount, _batch * _generated.InputCount);

    private ReadOnlySpan<double> BatchTargets(int b) => _targets.AsSpan(b * _batch * _generated.OutputCount, _batch * _generated.OutputCount);

    private int Advance()
    {
        int b = _next;
        _next = (_next + 1) % (Rows / _batch);
        return b;
    }

    private double[] LoopParameters()
    {
        var parameters = new double[_generated.ParameterCount];
        _loop.CopyParametersTo(parameters);
        return parameters;
    }

#if !PEERS
    private static IEnumerable<(string Name, double[] Parameters)> PeerEpochs(double[] start) => [];
#endif
}

/// <summary>W5a: 64-32-10, batches of 32.</summary>
public class W5a64x32x10() : W5Minibatch(nameof(W5a64x32x10), new MinibatchNetwork(), new MinibatchNetwork(), batch: 32);

/// <summary>W5b: 784-128-10, batches of 64.</summary>
public class W5b784x128x10() : W5Minibatch(nameof(W5b784x128x10), new Scale784Network(), new Scale784Network(), batch: 64);
