using TorchSharp;
using static TorchSharp.torch;

namespace Unrolled.Benchmarks.Peers;

/// <summary>
/// TorchSharp (libtorch CPU, one thread) doing W6's work: nn.Sequential(Linear, ReLU, Linear, ReLU,
/// Linear), cross-entropy over the logits with mean reduction (Unrolled's softmax and cross-entropy,
/// averaged over the rows), and Adam with the usual betas and epsilon (TorchSharp's own default beta2
/// is 0.99, so both are passed). Linear.weight is [out, in], the order of Unrolled's W[j, i].
/// Other layer sizes (784-300-100-10 for issue 23's PredictBatch bar) give the same layers at those sizes.
/// </summary>
public sealed class FashionTorchPeer
{
    private static readonly int[] s_w6Sizes = [784, 256, 128, 10];
    private readonly int[] _sizes;
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly TorchSharp.Modules.Linear[] _layers;
    private readonly optim.Optimizer _optimizer;
    private readonly ScalarType _type;

    public FashionTorchPeer(ScalarType type, double learningRate, int[]? sizes = null)
    {
        torch.set_num_threads(1);
        _type = type;
        _sizes = sizes ?? s_w6Sizes;
        if (_sizes.Length != 4)
        {
            throw new ArgumentException($"The peer has two hidden layers: give four layer sizes, not {_sizes.Length}.", nameof(sizes));
        }

        _layers = [.. Enumerable.Range(1, _sizes.Length - 1).Select(l => nn.Linear(_sizes[l - 1], _sizes[l], hasBias: true, dtype: type))];
        _model = nn.Sequential(("linear1", _layers[0]), ("relu1", nn.ReLU()), ("linear2", _layers[1]), ("relu2", nn.ReLU()), ("linear3", _layers[2]));
        _optimizer = optim.Adam(_model.parameters(), learningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8);
    }

    /// <summary>Input rows as a tensor made once, so that timing covers the step only.</summary>
    public Tensor Rows(double[] values, int rows) =>
        torch.tensor(values, dtype: ScalarType.Float64).reshape(rows, _sizes[0]).to_type(_type).DetachFromDisposeScope();

    /// <summary>The classes of a batch's one-hot target rows, as the index tensor cross_entropy takes.</summary>
    public static Tensor Classes(ReadOnlySpan<double> oneHotRows, int classes)
    {
        long[] indices = new long[oneHotRows.Length / classes];
        for (int row = 0; row < indices.Length; row++)
        {
            indices[row] = oneHotRows.Slice(row * classes, classes).IndexOf(1.0);
        }

        return torch.tensor(indices, dtype: ScalarType.Int64).DetachFromDisposeScope();
    }

    public void SetParameters(ReadOnlySpan<double> parameters)
    {
        using var noGrad = torch.no_grad();
        int index = 0;
        for (int l = 1; l < _sizes.Length; l++)
        {
            int weights = _sizes[l] * _sizes[l - 1];
            using Tensor w = torch.tensor(parameters.Slice(index, weights).ToArray(), dtype: ScalarType.Float64).reshape(_sizes[l], _sizes[l - 1]);
            _layers[l - 1].weight!.copy_(w);
            index += weights;
            using Tensor b = torch.tensor(parameters.Slice(index, _sizes[l]).ToArray(), dtype: ScalarType.Float64);
            _layers[l - 1].bias!.copy_(b);
            index += _sizes[l];
        }
    }

    public double[] Parameters()
    {
        var parameters = new List<double>();
        foreach (TorchSharp.Modules.Linear linear in _layers)
        {
            using Tensor w = linear.weight!.detach().to_type(ScalarType.Float64).contiguous();
            parameters.AddRange(w.data<double>().ToArray());
            using Tensor b = linear.bias!.detach().to_type(ScalarType.Float64).contiguous();
            parameters.AddRange(b.data<double>().ToArray());
        }

        return [.. parameters];
    }

    /// <summary>One Adam step on one batch; returns the mean loss before it.</summary>
    public double Step(Tensor inputs, Tensor classes)
    {
        using DisposeScope scope = torch.NewDisposeScope();
        _optimizer.zero_grad();
        Tensor loss = nn.functional.cross_entropy(_model.forward(inputs), classes);
        loss.backward();
        _optimizer.step();
        return loss.ToDouble();
    }

    /// <summary>Every softmax output under no_grad, row-major, for the setup's check.</summary>
    public double[] Outputs(Tensor inputs)
    {
        using DisposeScope scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return nn.functional.softmax(_model.forward(inputs), 1).to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    /// <summary>The forward pass with softmax alone, under no_grad; returns the last output.</summary>
    public double Forward(Tensor inputs)
    {
        using DisposeScope scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor outputs = nn.functional.softmax(_model.forward(inputs), 1);
        return outputs[outputs.shape[0] - 1, outputs.shape[1] - 1].ToDouble();
    }
}
