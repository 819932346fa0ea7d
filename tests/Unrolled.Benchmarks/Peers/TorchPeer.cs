using TorchSharp;
using static TorchSharp.torch;

namespace Unrolled.Benchmarks.Peers;

/// <summary>
/// TorchSharp (libtorch CPU, one thread) doing W5's work: nn.Sequential(Linear, Sigmoid, Linear,
/// Sigmoid), plain SGD, and a loss whose gradient is Unrolled's mean gradient: Unrolled's loss is
/// 0.5 * sum_k (o_k - t_k)^2 per row, averaged over the rows, which is mse_loss's mean over rows and
/// outputs times outputs / 2. Linear.weight is [out, in], the order of Unrolled's W[j, i].
/// </summary>
public sealed class TorchPeer
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly nn.Module<Tensor, Tensor>[] _layers;
    private readonly optim.Optimizer _optimizer;
    private readonly int[] _sizes;
    private readonly ScalarType _type;
    private readonly double _lossScale;

    public TorchPeer(int[] sizes, ScalarType type, double learningRate)
    {
        torch.set_num_threads(1);
        _sizes = sizes;
        _type = type;
        _lossScale = sizes[^1] / 2.0;
        _layers = new nn.Module<Tensor, Tensor>[sizes.Length - 1];
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int l = 1; l < sizes.Length; l++)
        {
            _layers[l - 1] = nn.Linear(sizes[l - 1], sizes[l], hasBias: true, dtype: type);
            modules.Add(($"linear{l}", _layers[l - 1]));
            modules.Add(($"sigmoid{l}", nn.Sigmoid()));
        }

        _model = nn.Sequential(modules);
        _optimizer = optim.SGD(_model.parameters(), learningRate);
    }

    /// <summary>Tensors made once, so that timing covers the step only.</summary>
    public Tensor Rows(double[] values, int rows, int width) =>
        torch.tensor(values, dtype: ScalarType.Float64).reshape(rows, width).to_type(_type).DetachFromDisposeScope();

    public void SetParameters(ReadOnlySpan<double> parameters)
    {
        using var noGrad = torch.no_grad();
        int index = 0;
        for (int l = 1; l < _sizes.Length; l++)
        {
            var linear = (TorchSharp.Modules.Linear)_layers[l - 1];
            int weights = _sizes[l] * _sizes[l - 1];
            using Tensor w = torch.tensor(parameters.Slice(index, weights).ToArray(), dtype: ScalarType.Float64).reshape(_sizes[l], _sizes[l - 1]);
            linear.weight!.copy_(w);
            index += weights;
            using Tensor b = torch.tensor(parameters.Slice(index, _sizes[l]).ToArray(), dtype: ScalarType.Float64);
            linear.bias!.copy_(b);
            index += _sizes[l];
        }
    }

    public double[] Parameters()
    {
        var parameters = new List<double>();
        for (int l = 1; l < _sizes.Length; l++)
        {
            var linear = (TorchSharp.Modules.Linear)_layers[l - 1];
            using Tensor w = linear.weight!.detach().to_type(ScalarType.Float64).contiguous();
            parameters.AddRange(w.data<double>().ToArray());
            using Tensor b = linear.bias!.detach().to_type(ScalarType.Float64).contiguous();
            parameters.AddRange(b.data<double>().ToArray());
        }

        return [.. parameters];
    }

    /// <summary>One SGD step on one batch; returns the mean loss before it.</summary>
    public double Step(Tensor inputs, Tensor targets)
    {
        using DisposeScope scope = torch.NewDisposeScope();
        _optimizer.zero_grad();
        Tensor loss = nn.functional.mse_loss(_model.forward(inputs), targets, nn.Reduction.Mean).mul(_lossScale);
        loss.backward();
        _optimizer.step();
        return loss.ToDouble();
    }

    /// <summary>Every output of the forward pass under no_grad, row-major, for the setup's check.</summary>
    public double[] Outputs(Tensor inputs)
    {
        using DisposeScope scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return _model.forward(inputs).to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    /// <summary>The forward pass alone, under no_grad; returns the last output.</summary>
    public double Forward(Tensor inputs)
    {
        using DisposeScope scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor outputs = _model.forward(inputs);
        return outputs[outputs.shape[0] - 1, outputs.shape[1] - 1].ToDouble();
    }
}
