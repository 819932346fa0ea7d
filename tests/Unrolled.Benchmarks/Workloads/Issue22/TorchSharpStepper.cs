#if PEERS
using TorchSharp;
using static TorchSharp.torch;

namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>
/// The TorchSharp row: nn.GRU or nn.LSTM (one layer, sequence first) and nn.Linear, one thread, one
/// time step per forward call under no_grad, the returned state kept for the next step. The input
/// tensor [1, 1, In] is made once (a view of In values) and written in place; each step's new tensors live in a dispose
/// scope, all but the state freed at its end.
/// </summary>
public sealed class TorchSharpStepper : IRecurrentStepper
{
    private readonly RecurrentShape _shape;
    private readonly nn.Module<Tensor, Tensor?, (Tensor, Tensor)>? _gru;
    private readonly nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>? _lstm;
    private readonly nn.Module<Tensor, Tensor> _dense;
    private readonly Tensor _xValues;
    private readonly Tensor _x;
    private Tensor? _h;
    private Tensor? _c;

    public TorchSharpStepper(RecurrentShape shape, float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parameters);
        torch.set_num_threads(1);
        _shape = shape;
        nn.Module cell = shape.Cell switch
        {
            RecurrentCell.Gru => _gru = nn.GRU(shape.Inputs, shape.Hidden, dtype: ScalarType.Float32),
            RecurrentCell.Lstm => _lstm = nn.LSTM(shape.Inputs, shape.Hidden, dtype: ScalarType.Float32),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape.Cell, "Only GRU and LSTM cells exist."),
        };
        _dense = nn.Linear(shape.Hidden, shape.Outputs, hasBias: true, dtype: ScalarType.Float32);
        TorchRecurrentParameters.Load(shape, parameters, cell, _dense);
        _xValues = torch.zeros(shape.Inputs, dtype: ScalarType.Float32);
        _x = _xValues.view(1, 1, shape.Inputs);
    }

    public void Reset()
    {
        _h?.Dispose();
        _c?.Dispose();
        _h = null;
        _c = null;
    }

    public void Run(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        using var noGrad = torch.no_grad();
        int steps = inputs.Length / _shape.Inputs;
        for (int t = 0; t < steps; t++)
        {
            using DisposeScope scope = torch.NewDisposeScope();
            using (TorchSharp.Utils.TensorAccessor<float> x = _xValues.data<float>())
            {
                for (int i = 0; i < _shape.Inputs; i++)
                {
                    x[i] = inputs[(t * _shape.Inputs) + i];
                }
            }

            Tensor h, c = null!;
            if (_gru is not null)
            {
                (_, h) = _gru.forward(_x, _h);
            }
            else
            {
                (_, h, c) = _lstm!.forward(_x, _h is null ? null : (_h, _c!));
            }

            Tensor y = _dense.forward(h);
            using (TorchSharp.Utils.TensorAccessor<float> values = y.view(-1).data<float>())
            {
                for (int k = 0; k < _shape.Outputs; k++)
                {
                    outputs[(t * _shape.Outputs) + k] = values[k];
                }
            }

            _h?.Dispose();
            _c?.Dispose();
            _h = h.MoveToOuterDisposeScope();
            _c = _lstm is null ? null : c.MoveToOuterDisposeScope();
        }
    }

    public void Dispose()
    {
        Reset();
        _x.Dispose();
        _xValues.Dispose();
        _gru?.Dispose();
        _lstm?.Dispose();
        _dense.Dispose();
    }
}
#endif
