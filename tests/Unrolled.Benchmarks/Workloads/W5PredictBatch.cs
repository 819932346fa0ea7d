using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Baselines;

namespace Unrolled.Benchmarks.Workloads;

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
