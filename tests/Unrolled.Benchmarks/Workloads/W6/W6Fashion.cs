using BenchmarkDotNet.Attributes;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// W6 in double: TrainBatch over the 1,024 rows in consecutive batches of 64 (Adam, learning rate
/// 0.001), and (with -p:Peers=true) TorchSharp doing the same. As W5: before anything is timed, every
/// implementation trains one epoch from the same parameters and must end within 1e-9 of the largest
/// parameter of the generated network's. Figures are per sample (the W5 table divides by 64).
/// </summary>
[MemoryDiagnoser]
public partial class W6FashionTrain : IW5Figures
{
    private const double Tolerance = 1e-9;
    private readonly FashionNetwork _generated = new();
    private readonly double[] _inputs = W6Data.InputRows();
    private readonly double[] _targets = W6Data.TargetRows();
    private int _next;

    public int BatchRows => W6Data.Batch;

    public double FlopsPerSample => W5Flops.TrainPerSample(FashionNetwork.LayerSizes);

    public bool IsSingle => false;

    [GlobalSetup]
    public void Setup()
    {
        _generated.Randomize(1);
        var start = new double[FashionNetwork.ParameterCount];
        _generated.CopyParametersTo(start);
        var ends = PeerEpochs(start).ToList();
        for (int b = 0; b < W6Data.Rows / W6Data.Batch; b++)
        {
            _generated.TrainBatch(BatchInputs(b), BatchTargets(b), W6Data.LearningRate);
        }

        var expected = new double[FashionNetwork.ParameterCount];
        _generated.CopyParametersTo(expected);
        foreach ((string name, double[] actual) in ends)
        {
            EpochCheck.Require(nameof(W6FashionTrain), name, actual, expected, Tolerance);
        }

        _next = 0;
    }

    [Benchmark(Baseline = true)]
    public double TrainBatch() => _generated.TrainBatch(BatchInputs(_next), BatchTargets(Advance()), W6Data.LearningRate);

    private ReadOnlySpan<double> BatchInputs(int b) => _inputs.AsSpan(b * W6Data.Batch * W6Data.Inputs, W6Data.Batch * W6Data.Inputs);

    private ReadOnlySpan<double> BatchTargets(int b) => _targets.AsSpan(b * W6Data.Batch * W6Data.Classes, W6Data.Batch * W6Data.Classes);

    private int Advance()
    {
        int b = _next;
        _next = (_next + 1) % (W6Data.Rows / W6Data.Batch);
        return b;
    }

#if !PEERS
    private static IEnumerable<(string Name, double[] Parameters)> PeerEpochs(double[] start) => [];
#endif
}

/// <summary>
/// W6 in float, as <see cref="W6FashionTrain"/>. Float keeps about seven digits, and Adam divides each
/// gradient by its own root mean square, so a gradient near zero (a sum of many rounded terms) can move
/// its weight by up to the learning rate in either implementation: the epoch check allows 1e-4 of the
/// largest parameter.
/// </summary>
[MemoryDiagnoser]
public partial class W6SingleFashionTrain : IW5Figures
{
    private const double Tolerance = 1e-4;
    private readonly SingleFashionNetwork _generated = new();
    private readonly float[] _inputs = [.. W6Data.InputRows().Select(v => (float)v)];
    private readonly float[] _targets = [.. W6Data.TargetRows().Select(v => (float)v)];
    private int _next;

    public int BatchRows => W6Data.Batch;

    public double FlopsPerSample => W5Flops.TrainPerSample(SingleFashionNetwork.LayerSizes);

    public bool IsSingle => true;

    [GlobalSetup]
    public void Setup()
    {
        _generated.Randomize(1);
        var start = new float[SingleFashionNetwork.ParameterCount];
        _generated.CopyParametersTo(start);
        var ends = PeerEpochs([.. start.Select(v => (double)v)]).ToList();
        for (int b = 0; b < W6Data.Rows / W6Data.Batch; b++)
        {
            _generated.TrainBatch(BatchInputs(b), BatchTargets(b), (float)W6Data.LearningRate);
        }

        var expected = new float[SingleFashionNetwork.ParameterCount];
        _generated.CopyParametersTo(expected);
        foreach ((string name, double[] actual) in ends)
        {
            EpochCheck.Require(nameof(W6SingleFashionTrain), name, actual, [.. expected.Select(v => (double)v)], Tolerance);
        }

        _next = 0;
    }

    [Benchmark(Baseline = true)]
    public double TrainBatch() => _generated.TrainBatch(BatchInputs(_next), BatchTargets(Advance()), (float)W6Data.LearningRate);

    private ReadOnlySpan<float> BatchInputs(int b) => _inputs.AsSpan(b * W6Data.Batch * W6Data.Inputs, W6Data.Batch * W6Data.Inputs);

    private ReadOnlySpan<float> BatchTargets(int b) => _targets.AsSpan(b * W6Data.Batch * W6Data.Classes, W6Data.Batch * W6Data.Classes);

    private int Advance()
    {
        int b = _next;
        _next = (_next + 1) % (W6Data.Rows / W6Data.Batch);
        return b;
    }

#if !PEERS
    private static IEnumerable<(string Name, double[] Parameters)> PeerEpochs(double[] start) => [];
#endif
}
