#if PEERS
using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace Unrolled.Benchmarks.Workloads.Issue22;

// The TorchSharp row of Issue22Train, compiled only with -p:Peers=true; category "Peer" (it allocates handles).
public partial class Issue22Train
{
    private TorchSharpGruTrainer? _torchSharp;
    private torch.Tensor? _torchInputs;
    private torch.Tensor? _torchTargets;

    [Benchmark(OperationsPerInvoke = Sequences), BenchmarkCategory("Peer")]
    public double TorchSharp() => _torchSharp!.TrainSequenceBatch(_torchInputs!, _torchTargets!);

    partial void SetUpPeers(RecurrentShape shape, float[] start, double expectedLoss, float[] expectedChange)
    {
        CleanUpPeers();
        _torchSharp = new TorchSharpGruTrainer(shape, start, LearningRate);
        _torchInputs = TorchSharpGruTrainer.Batch(_inputs, Sequences, SequenceLength, shape.Inputs);
        _torchTargets = TorchSharpGruTrainer.Batch(_targets, Sequences, SequenceLength, shape.Outputs);
        double loss = _torchSharp.TrainSequenceBatch(_torchInputs, _torchTargets);
        float[] change = [.. _torchSharp.Parameters.Zip(start, (after, before) => after - before)];
        RequireSameStep("TorchSharp", loss, change, expectedLoss, expectedChange);
    }

    partial void CleanUpPeers()
    {
        _torchSharp?.Dispose();
        _torchInputs?.Dispose();
        _torchTargets?.Dispose();
        _torchSharp = null;
        _torchInputs = null;
        _torchTargets = null;
    }
}
#endif
