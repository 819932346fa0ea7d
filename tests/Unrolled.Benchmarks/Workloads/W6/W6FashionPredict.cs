using BenchmarkDotNet.Attributes;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// W6's PredictBatch over all 1,024 rows in one call, double: the generated PredictBatch (404
/// activations, the width issue 23 found going row by row), the generated Predict row by row as it was,
/// and (with -p:Peers=true) TorchSharp's forward with softmax under no_grad. Setup checks every
/// implementation's outputs against PredictBatch's to 1e-9 of the largest. Per row: the W5 table divides by 1,024.
/// </summary>
[MemoryDiagnoser]
public partial class W6FashionPredict : IW5Figures
{
    private const double Tolerance = 1e-9;
    private readonly FashionNetwork _generated = new();
    private readonly double[] _inputs = W6Data.InputRows();
    private readonly double[] _outputs = new double[W6Data.Rows * W6Data.Classes];

    public int BatchRows => W6Data.Rows;

    public double FlopsPerSample => W5Flops.ForwardPerRow(FashionNetwork.LayerSizes);

    public bool IsSingle => false;

    [GlobalSetup]
    public void Setup()
    {
        _generated.Randomize(1);
        var start = new double[FashionNetwork.ParameterCount];
        _generated.CopyParametersTo(start);
        var expected = new double[W6Data.Rows * W6Data.Classes];
        _generated.PredictBatch(_inputs, expected);
        Predict();
        EpochCheck.Require(nameof(W6FashionPredict), "Predict row by row", _outputs, expected, Tolerance);
        PeerSetup(start, expected);
    }

    [Benchmark(Baseline = true)]
    public double PredictBatch()
    {
        _generated.PredictBatch(_inputs, _outputs);
        return _outputs[^1];
    }

    [Benchmark]
    public double Predict()
    {
        for (int row = 0; row < W6Data.Rows; row++)
        {
            _generated.Predict(_inputs.AsSpan(row * W6Data.Inputs, W6Data.Inputs), _outputs.AsSpan(row * W6Data.Classes, W6Data.Classes));
        }

        return _outputs[^1];
    }

#if !PEERS
    private static void PeerSetup(double[] start, double[] expected)
    {
    }
#endif
}

/// <summary>W6's PredictBatch in float, as <see cref="W6FashionPredict"/>; outputs checked to 1e-5 of the largest.</summary>
[MemoryDiagnoser]
public partial class W6SingleFashionPredict : IW5Figures
{
    private const double Tolerance = 1e-5;
    private readonly SingleFashionNetwork _generated = new();
    private readonly float[] _inputs = [.. W6Data.InputRows().Select(v => (float)v)];
    private readonly float[] _outputs = new float[W6Data.Rows * W6Data.Classes];

    public int BatchRows => W6Data.Rows;

    public double FlopsPerSample => W5Flops.ForwardPerRow(SingleFashionNetwork.LayerSizes);

    public bool IsSingle => true;

    [GlobalSetup]
    public void Setup()
    {
        _generated.Randomize(1);
        var start = new float[SingleFashionNetwork.ParameterCount];
        _generated.CopyParametersTo(start);
        var expected = new float[W6Data.Rows * W6Data.Classes];
        _generated.PredictBatch(_inputs, expected);
        Predict();
        double[] expectedDouble = [.. expected.Select(v => (double)v)];
        EpochCheck.Require(nameof(W6SingleFashionPredict), "Predict row by row", [.. _outputs.Select(v => (double)v)], expectedDouble, Tolerance);
        PeerSetup([.. start.Select(v => (double)v)], expectedDouble);
    }

    [Benchmark(Baseline = true)]
    public double PredictBatch()
    {
        _generated.PredictBatch(_inputs, _outputs);
        return _outputs[^1];
    }

    [Benchmark]
    public double Predict()
    {
        for (int row = 0; row < W6Data.Rows; row++)
        {
            _generated.Predict(_inputs.AsSpan(row * W6Data.Inputs, W6Data.Inputs), _outputs.AsSpan(row * W6Data.Classes, W6Data.Classes));
        }

        return _outputs[^1];
    }

#if !PEERS
    private static void PeerSetup(double[] start, double[] expected)
    {
    }
#endif
}
