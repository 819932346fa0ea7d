using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Baselines;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// W5b in float: 784-128-10, batches of 64, the same rows rounded to float. The generated TrainBatch
/// is the baseline here (the loop baseline is double only and is not timed). Setup still trains the
/// loop baseline for one epoch in double from the same parameters: float keeps about seven digits,
/// so the epoch check allows 1e-5 of the largest parameter, for the loop and for TorchSharp.
/// </summary>
[MemoryDiagnoser]
public partial class W5bSingle : IW5Figures
{
    private const float LearningRate = 0.5f;
    private const double Tolerance = 1e-5;
    private const int Batch = 64;
    private const int Rows = WorkloadData.MinibatchRows;
    private readonly SingleScale784Network _generated = new();
    private readonly SingleScale784Network _perSample = new();
    private readonly double[] _inputsDouble = WorkloadData.MinibatchInputs(784);
    private readonly double[] _targetsDouble = WorkloadData.MinibatchTargets(10);
    private readonly float[] _inputs;
    private readonly float[] _targets;
    private int _next;

    public W5bSingle()
    {
        _inputs = [.. _inputsDouble.Select(v => (float)v)];
        _targets = [.. _targetsDouble.Select(v => (float)v)];
    }

    public int BatchRows => Batch;

    public double FlopsPerSample => W5Flops.TrainPerSample(SingleScale784Network.LayerSizes);

    public bool IsSingle => true;

    [GlobalSetup]
    public void Setup()
    {
        _generated.Randomize(1);
        var start = new float[SingleScale784Network.ParameterCount];
        _generated.CopyParametersTo(start);
        double[] startDouble = [.. start.Select(v => (double)v)];

        // The inputs rounded to float, so that the loop sees what the float network sees.
        double[] inputs = [.. _inputs.Select(v => (double)v)];
        var loop = new LoopNetwork(784, 128, 10);
        loop.SetParameters(startDouble);
        for (int b = 0; b < Rows / Batch; b++)
        {
            loop.TrainBatch(inputs.AsSpan(b * Batch * 784, Batch * 784), _targetsDouble.AsSpan(b * Batch * 10, Batch * 10), LearningRate);
        }

        var loopEnd = new double[SingleScale784Network.ParameterCount];
        loop.CopyParametersTo(loopEnd);
        var ends = new List<(string Name, double[] Parameters)> { ("loop in double, one epoch", loopEnd) };
        ends.AddRange(PeerEpochs(startDouble));
        for (int b = 0; b < Rows / Batch; b++)
        {
            _generated.TrainBatch(BatchInputs(b), BatchTargets(b), LearningRate);
        }

        var expected = new float[SingleScale784Network.ParameterCount];
        _generated.CopyParametersTo(expected);
        double[] expectedDouble = [.. expected.Select(v => (double)v)];
        foreach ((string name, double[] actual) in ends)
        {
            EpochCheck.Require(nameof(W5bSingle), name, actual, expectedDouble, Tolerance);
        }

        _perSample.SetParameters(start);
        _next = 0;
    }

    [Benchmark(Baseline = true)]
    public double TrainBatch() => _generated.TrainBatch(BatchInputs(_next), BatchTargets(Advance()), LearningRate);

    [Benchmark]
    public double Train()
    {
        int first = Advance() * Batch;
        float loss = 0;
        for (int row = first; row < first + Batch; row++)
        {
            loss += _perSample.Train(_inputs.AsSpan(row * 784, 784), _targets.AsSpan(row * 10, 10), LearningRate);
        }

        return loss;
    }

    private ReadOnlySpan<float> BatchInputs(int b) => _inputs.AsSpan(b * Batch * 784, Batch * 784);

    private ReadOnlySpan<float> BatchTargets(int b) => _targets.AsSpan(b * Batch * 10, Batch * 10);

    private int Advance()
    {
        int b = _next;
        _next = (_next + 1) % (Rows / Batch);
        return b;
    }

#if !PEERS
    private static IEnumerable<(string Name, double[] Parameters)> PeerEpochs(double[] start) => [];
#endif
}
