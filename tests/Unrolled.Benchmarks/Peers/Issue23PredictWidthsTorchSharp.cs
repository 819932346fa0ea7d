using BenchmarkDotNet.Attributes;
using TorchSharp;
using Unrolled.Benchmarks.Peers;

namespace Unrolled.Benchmarks.Workloads;

// The TorchSharp rows of issue 23's PredictBatch bar, compiled only with -p:Peers=true.
public partial class Issue23PredictWidths
{
    private FashionTorchPeer? _torch;
    private torch.Tensor? _torchInputs;

    [Benchmark, BenchmarkCategory("Peer")]
    public double TorchSharp() => _torch!.Forward(_torchInputs!);

    private void PeerSetup(int[] sizes, double[] start, double[] expected)
    {
        _torch = new FashionTorchPeer(torch.ScalarType.Float64, W6Data.LearningRate, sizes);
        _torch.SetParameters(start);
        _torchInputs = _torch.Rows(_inputs, Rows);
        EpochCheck.Require($"{nameof(Issue23PredictWidths)} {Shape}", "TorchSharp outputs", _torch.Outputs(_torchInputs), expected, Tolerance);
    }
}

public partial class Issue23SinglePredictWidths
{
    private FashionTorchPeer? _torch;
    private torch.Tensor? _torchInputs;

    [Benchmark, BenchmarkCategory("Peer")]
    public double TorchSharp() => _torch!.Forward(_torchInputs!);

    private void PeerSetup(int[] sizes, double[] start, double[] expected)
    {
        _torch = new FashionTorchPeer(torch.ScalarType.Float32, W6Data.LearningRate, sizes);
        _torch.SetParameters(start);
        _torchInputs = _torch.Rows([.. _inputs.Select(v => (double)v)], Issue23PredictWidths.Rows);
        EpochCheck.Require($"{nameof(Issue23SinglePredictWidths)} {Shape}", "TorchSharp outputs", _torch.Outputs(_torchInputs), expected, Tolerance);
    }
}
