using BenchmarkDotNet.Attributes;
using TorchSharp;
using Unrolled.Benchmarks.Peers;

namespace Unrolled.Benchmarks.Workloads;

// The TorchSharp rows of W6, compiled only with -p:Peers=true. Category "Peer": TorchSharp
// allocates managed tensor handles on every step, so the 0-byte rule covers Unrolled only.
public partial class W6FashionTrain
{
    private FashionTorchPeer? _torch;
    private torch.Tensor[] _torchInputs = [];
    private torch.Tensor[] _torchClasses = [];

    [Benchmark, BenchmarkCategory("Peer")]
    public double TorchSharp() => _torch!.Step(_torchInputs[_next], _torchClasses[Advance()]);

    private IEnumerable<(string Name, double[] Parameters)> PeerEpochs(double[] start)
    {
        (_torch, _torchInputs, _torchClasses) = W6Peer.Batches(torch.ScalarType.Float64, start, _inputs, _targets);
        return [("TorchSharp, one epoch", W6Peer.Epoch(_torch, _torchInputs, _torchClasses))];
    }
}

public partial class W6SingleFashionTrain
{
    private FashionTorchPeer? _torch;
    private torch.Tensor[] _torchInputs = [];
    private torch.Tensor[] _torchClasses = [];

    [Benchmark, BenchmarkCategory("Peer")]
    public double TorchSharp() => _torch!.Step(_torchInputs[_next], _torchClasses[Advance()]);

    private IEnumerable<(string Name, double[] Parameters)> PeerEpochs(double[] start)
    {
        (_torch, _torchInputs, _torchClasses) = W6Peer.Batches(torch.ScalarType.Float32, start, [.. _inputs.Select(v => (double)v)], [.. _targets.Select(v => (double)v)]);
        return [("TorchSharp, one epoch", W6Peer.Epoch(_torch, _torchInputs, _torchClasses))];
    }
}

public partial class W6FashionPredict
{
    private FashionTorchPeer? _torch;
    private torch.Tensor? _torchInputs;

    [Benchmark, BenchmarkCategory("Peer")]
    public double TorchSharp() => _torch!.Forward(_torchInputs!);

    private void PeerSetup(double[] start, double[] expected)
    {
        _torch = new FashionTorchPeer(torch.ScalarType.Float64, W6Data.LearningRate);
        _torch.SetParameters(start);
        _torchInputs = _torch.Rows(_inputs, W6Data.Rows);
        EpochCheck.Require(nameof(W6FashionPredict), "TorchSharp outputs", _torch.Outputs(_torchInputs), expected, Tolerance);
    }
}

public partial class W6SingleFashionPredict
{
    private FashionTorchPeer? _torch;
    private torch.Tensor? _torchInputs;

    [Benchmark, BenchmarkCategory("Peer")]
    public double TorchSharp() => _torch!.Forward(_torchInputs!);

    private void PeerSetup(double[] start, double[] expected)
    {
        _torch = new FashionTorchPeer(torch.ScalarType.Float32, W6Data.LearningRate);
        _torch.SetParameters(start);
        _torchInputs = _torch.Rows([.. _inputs.Select(v => (double)v)], W6Data.Rows);
        EpochCheck.Require(nameof(W6SingleFashionPredict), "TorchSharp outputs", _torch.Outputs(_torchInputs), expected, Tolerance);
    }
}

/// <summary>W6's TorchSharp batches, made once, and its epoch from the generated network's start.</summary>
internal static class W6Peer
{
    public static (FashionTorchPeer Peer, torch.Tensor[] Inputs, torch.Tensor[] Classes) Batches(torch.ScalarType type, double[] start, double[] inputs, double[] targets)
    {
        var peer = new FashionTorchPeer(type, W6Data.LearningRate);
        peer.SetParameters(start);
        int batches = W6Data.Rows / W6Data.Batch;
        torch.Tensor[] inputBatches = [.. Enumerable.Range(0, batches).Select(b => peer.Rows(inputs.AsSpan(b * W6Data.Batch * W6Data.Inputs, W6Data.Batch * W6Data.Inputs).ToArray(), W6Data.Batch))];
        torch.Tensor[] classBatches = [.. Enumerable.Range(0, batches).Select(b => FashionTorchPeer.Classes(targets.AsSpan(b * W6Data.Batch * W6Data.Classes, W6Data.Batch * W6Data.Classes), W6Data.Classes))];
        return (peer, inputBatches, classBatches);
    }

    public static double[] Epoch(FashionTorchPeer peer, torch.Tensor[] inputs, torch.Tensor[] classes)
    {
        for (int b = 0; b < inputs.Length; b++)
        {
            peer.Step(inputs[b], classes[b]);
        }

        return peer.Parameters();
    }
}
