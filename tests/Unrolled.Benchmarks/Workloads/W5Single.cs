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

/// <summary>
/// PredictBatch at 784-128-10 on 1,024 rows (the 256 W5 rows four times), double: the loop
/// baseline's Predict row by row, the generated PredictBatch, and TorchSharp's forward under
/// no_grad. One call per operation; the W5 table divides by BatchRows. Setup checks that every
/// implementation's outputs agree with the generated ones to 1e-9 of the largest output.
/// </summary>
[MemoryDiagnoser]
public partial class W5bPredictBatch : IW5Figures
{
    private const int Batch = 1024;
    private const double Tolerance = 1e-9;
    private readonly Scale784Network _generated = new();
    private readonly LoopNetwork _loop = new(784, 128, 10);
    private readonly double[] _inputs = [.. Enumerable.Repeat(WorkloadData.MinibatchInputs(784), 4).SelectMany(r => r)];
    private readonly double[] _outputs = new double[Batch * 10];

    public int BatchRows => Batch;

    public double FlopsPerSample => W5Flops.ForwardPerRow(Scale784Network.LayerSizes);

    public bool IsSingle => false;

    [GlobalSetup]
    public void Setup()
    {
        var start = new double[Scale784Network.ParameterCount];
        WorkloadData.StartTogether(_generated, p => _loop.SetParameters(p), p => p.CopyTo(start));
        var expected = new double[Batch * 10];
        _generated.PredictBatch(_inputs, expected);
        Loop();
        EpochCheck.Require(nameof(W5bPredictBatch), "loop outputs", _outputs, expected, Tolerance);
        PeerSetup(start, expected);
    }

    [Benchmark(Baseline = true)]
    public double Loop()
    {
        for (int row = 0; row < Batch; row++)
        {
            _loop.Predict(_inputs.AsSpan(row * 784, 784), _outputs.AsSpan(row * 10, 10));
        }

        return _outputs[^1];
    }

    [Benchmark]
    public double PredictBatch()
    {
        _generated.PredictBatch(_inputs, _outputs);
        return _outputs[^1];
    }

#if !PEERS
    private static void PeerSetup(double[] start, double[] expected)
    {
    }
#endif
}
