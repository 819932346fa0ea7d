using BenchmarkDotNet.Attributes;
using TorchSharp;
using Unrolled.Benchmarks.Peers;

namespace Unrolled.Benchmarks.Workloads;

// The TorchSharp rows of W5, compiled only with -p:Peers=true. Category "Peer": TorchSharp
// allocates managed tensor handles on every step, so the 0-byte rule covers Unrolled only.
public abstract partial class W5Minibatch
{
    private TorchPeer? _torch;
    private torch.Tensor[] _torchInputs = [];
    private torch.Tensor[] _torchTargets = [];

    [Benchmark, BenchmarkCategory("Peer")]
    public double TorchSharp() => _torch!.Step(_torchInputs[_next], _torchTargets[Advance()]);

    private IEnumerable<(string Name, double[] Parameters)> PeerEpochs(double[] start)
    {
        int[] sizes = _generated.LayerSizes.ToArray();
        _torch = new TorchPeer(sizes, torch.ScalarType.Float64, LearningRate);
        _torch.SetParameters(start);
        _torchInputs = [.. Enumerable.Range(0, Rows / _batch).Select(b => _torch.Rows(BatchInputs(b).ToArray(), _batch, sizes[0]))];
        _torchTargets = [.. Enumerable.Range(0, Rows / _batch).Select(b => _torch.Rows(BatchTargets(b).ToArray(), _batch, sizes[^1]))];
        for (int b = 0; b < Rows / _batch; b++)
        {
            _torch.Step(_torchInputs[b], _torchTargets[b]);
        }

        return [("TorchSharp, one epoch", _torch.Parameters())];
    }
}

public partial class W5bSingle
{
    private TorchPeer? _torch;
    private torch.Tensor[] _torchInputs = [];
    private torch.Tensor[] _torchTargets = [];

    [Benchmark, BenchmarkCategory("Peer")]
    public double TorchSharp() => _torch!.Step(_torchInputs[_next], _torchTargets[Advance()]);

    private IEnumerable<(string Name, double[] Parameters)> PeerEpochs(double[] start)
    {
        _torch = new TorchPeer([784, 128, 10], torch.ScalarType.Float32, LearningRate);
        _torch.SetParameters(start);
        _torchInputs = [.. Enumerable.Range(0, Rows / Batch).Select(b => _torch.Rows([.. BatchInputs(b).ToArray().Select(v => (double)v)], Batch, 784))];
        _torchTargets = [.. Enumerable.Range(0, Rows / Batch).Select(b => _torch.Rows([.. BatchTargets(b).ToArray().Select(v => (double)v)], Batch, 10))];
        for (int b = 0; b < Rows / Batch; b++)
        {
            _torch.Step(_torchInputs[b], _torchTargets[b]);
        }

        return [("TorchSharp, one epoch", _torch.Parameters())];
    }
}

public partial class W5bPredictBatch
{
    private TorchPeer? _torch;
    private torch.Tensor? _torchInputs;

    [Benchmark, BenchmarkCategory("Peer")]
    public double TorchSharp() => _torch!.Forward(_torchInputs!);

    private void PeerSetup(double[] start, double[] expected)
    {
        _torch = new TorchPeer([784, 128, 10], torch.ScalarType.Float64, 0.5);
        _torch.SetParameters(start);
        _torchInputs = _torch.Rows(_inputs, Batch, 784);
        EpochCheck.Require(nameof(W5bPredictBatch), "TorchSharp outputs", _torch.Outputs(_torchInputs), expected, Tolerance);
    }
}
