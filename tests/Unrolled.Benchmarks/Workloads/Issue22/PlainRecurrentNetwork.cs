namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>
/// The baseline row: a GRU or LSTM cell and its dense output the obvious way, runtime-sized loops
/// over float arrays in torch's layout, gate by gate as PyTorch's documentation writes them.
/// It is also the reference every peer's outputs are checked against before anything is timed.
/// </summary>
public sealed class PlainRecurrentNetwork : IRecurrentStepper
{
    private readonly RecurrentShape _shape;
    private readonly float[] _parameters;
    private readonly float[] _hidden;
    private readonly float[] _cell;
    private readonly float[] _inputGates;
    private readonly float[] _hiddenGates;

    public PlainRecurrentNetwork(RecurrentShape shape, float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"{shape} has {shape.ParameterCount} parameters; {parameters.Length} were given.", nameof(parameters));
        }

        _shape = shape;
        _parameters = parameters;
        _hidden = new float[shape.Hidden];
        _cell = new float[shape.Hidden];
        _inputGates = new float[shape.GateRows];
        _hiddenGates = new float[shape.GateRows];
    }

    public void Reset()
    {
        Array.Clear(_hidden);
        Array.Clear(_cell);
    }

    public void Run(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int steps = inputs.Length / _shape.Inputs;
        for (int t = 0; t < steps; t++)
        {
            Step(inputs.Slice(t * _shape.Inputs, _shape.Inputs), outputs.Slice(t * _shape.Outputs, _shape.Outputs));
        }
    }

    public void Step(ReadOnlySpan<float> input, Span<float> output)
    {
        int hidden = _shape.Hidden;
        float[] p = _parameters;

        // Every gate's two affine parts: W_ih x + b_ih and W_hh h + b_hh (GRU keeps them apart for n).
        for (int row = 0; row < _shape.GateRows; row++)
        {
            float fromInput = p[_shape.BiasIhOffset + row];
            for (int i = 0; i < _shape.Inputs; i++)
            {
                fromInput += p[_shape.WeightIhOffset + (row * _shape.Inputs) + i] * input[i];
            }

            float fromHidden = p[_shape.BiasHhOffset + row];
            for (int k = 0; k < hidden; k++)
            {
                fromHidden += p[_shape.WeightHhOffset + (row * hidden) + k] * _hidden[k];
            }

            _inputGates[row] = fromInput;
            _hiddenGates[row] = fromHidden;
        }

        switch (_shape.Cell)
        {
            case RecurrentCell.Gru:
                for (int j = 0; j < hidden; j++)
                {
                    float r = Sigmoid(_inputGates[j] + _hiddenGates[j]);
                    float z = Sigmoid(_inputGates[hidden + j] + _hiddenGates[hidden + j]);
                    float n = MathF.Tanh(_inputGates[(2 * hidden) + j] + (r * _hiddenGates[(2 * hidden) + j]));
                    _hidden[j] = ((1 - z) * n) + (z * _hidden[j]);
                }

                break;
            case RecurrentCell.Lstm:
                for (int j = 0; j < hidden; j++)
                {
                    float i = Sigmoid(_inputGates[j] + _hiddenGates[j]);
                    float f = Sigmoid(_inputGates[hidden + j] + _hiddenGates[hidden + j]);
                    float g = MathF.Tanh(_inputGates[(2 * hidden) + j] + _hiddenGates[(2 * hidden) + j]);
                    float o = Sigmoid(_inputGates[(3 * hidden) + j] + _hiddenGates[(3 * hidden) + j]);
                    _cell[j] = (f * _cell[j]) + (i * g);
                    _hidden[j] = o * MathF.Tanh(_cell[j]);
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown cell {_shape.Cell}.");
        }

        // The dense output: W h + b, no activation (RTNeural's DenseT, ONNX's MatMul and Add, torch's Linear).
        for (int k = 0; k < _shape.Outputs; k++)
        {
            float sum = p[_shape.DenseBiasOffset + k];
            for (int j = 0; j < hidden; j++)
            {
                sum += p[_shape.DenseWeightOffset + (k * hidden) + j] * _hidden[j];
            }

            output[k] = sum;
        }
    }

    public void Dispose()
    {
    }

    private static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));
}
