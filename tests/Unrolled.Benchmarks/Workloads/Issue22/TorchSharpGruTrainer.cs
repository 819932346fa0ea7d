#if PEERS
using TorchSharp;
using static TorchSharp.torch;

namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>
/// TorchSharp's TrainSequenceBatch (one thread): nn.GRU (batch first) and nn.Linear over a batch of
/// equal-length sequences from a zero state, SGD. Unrolled's loss, the mean over sequences and steps
/// of 0.5 * sum_k (o_k - t_k)^2, is mse_loss's mean over all outputs times OutputCount / 2.
/// </summary>
public sealed class TorchSharpGruTrainer : IDisposable
{
    private readonly nn.Module<Tensor, Tensor?, (Tensor, Tensor)> _gru;
    private readonly nn.Module<Tensor, Tensor> _dense;
    private readonly optim.Optimizer _optimizer;
    private readonly double _lossScale;

    public TorchSharpGruTrainer(RecurrentShape shape, float[] parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(shape);
        torch.set_num_threads(1);
        _gru = nn.GRU(shape.Inputs, shape.Hidden, batchFirst: true, dtype: ScalarType.Float32);
        _dense = nn.Linear(shape.Hidden, shape.Outputs, hasBias: true, dtype: ScalarType.Float32);
        TorchRecurrentParameters.Load(shape, parameters, _gru, _dense);
        _optimizer = optim.SGD(_gru.parameters().Concat(_dense.parameters()), learningRate);
        _lossScale = shape.Outputs / 2.0;
    }

    /// <summary>A batch [sequences, steps, width] made once, so that timing covers the step only.</summary>
    public static Tensor Batch(float[] values, int sequences, int steps, int width) =>
        torch.tensor(values, dtype: ScalarType.Float32).reshape(sequences, steps, width).DetachFromDisposeScope();

    public float[] Parameters => TorchRecurrentParameters.Read(_gru, _dense);

    /// <summary>One SGD step on the batch; returns the mean loss before it.</summary>
    public double TrainSequenceBatch(Tensor inputs, Tensor targets)
    {
        using DisposeScope scope = torch.NewDisposeScope();
        _optimizer.zero_grad();
        (Tensor sequence, _) = _gru.forward(inputs, null);
        Tensor loss = nn.functional.mse_loss(_dense.forward(sequence), targets, nn.Reduction.Mean).mul(_lossScale);
        loss.backward();
        _optimizer.step();
        return loss.ToDouble();
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _gru.Dispose();
        _dense.Dispose();
    }
}
#endif
