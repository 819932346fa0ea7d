namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>
/// The baseline row of <see cref="Issue22Train"/>: TrainSequenceBatch of a GRU and its linear dense
/// output written the obvious way, float arrays in torch's layout. Each sequence runs forward from a
/// zero state, keeping every step's gates; backpropagation through time walks back over them; the
/// gradient is the mean over sequences of the mean over steps of 0.5 * sum_k (o_k - t_k)^2, and one
/// SGD step follows. It is also the reference TorchSharp's step is checked against.
/// </summary>
public sealed class PlainGruTrainer
{
    private readonly RecurrentShape _shape;
    private readonly int _maxSteps;
    private readonly float[] _gradient;
    private readonly float[] _hiddenHistory;
    private readonly float[] _r;
    private readonly float[] _z;
    private readonly float[] _n;
    private readonly float[] _hiddenPart;
    private readonly float[] _outputError;
    private readonly float[] _dh;
    private readonly float[] _dhPrevious;
    private readonly float[] _gateError;

    public PlainGruTrainer(RecurrentShape shape, float[] parameters, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parameters);
        if (shape.Cell != RecurrentCell.Gru || parameters.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"A GRU's {shape.ParameterCount} parameters are needed; {shape.Cell} with {parameters.Length} was given.", nameof(parameters));
        }

        _shape = shape;
        _maxSteps = maxSteps;
        Parameters = parameters;
        int h = shape.Hidden;
        _gradient = new float[shape.ParameterCount];
        _hiddenHistory = new float[(maxSteps + 1) * h];
        _r = new float[maxSteps * h];
        _z = new float[maxSteps * h];
        _n = new float[maxSteps * h];
        _hiddenPart = new float[maxSteps * h];
        _outputError = new float[maxSteps * shape.Outputs];
        _dh = new float[h];
        _dhPrevious = new float[h];
        _gateError = new float[3 * h];
    }

    /// <summary>The parameters, in torch's order, trained in place.</summary>
    public float[] Parameters { get; }

    /// <summary>One SGD step along the mean gradient of the sequences; returns the mean loss before it.</summary>
    public double TrainSequenceBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int sequenceLength, float learningRate)
    {
        if (sequenceLength < 1 || sequenceLength > _maxSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(sequenceLength), sequenceLength, $"This trainer holds sequences of 1 to {_maxSteps} steps.");
        }

        int sequences = inputs.Length / (sequenceLength * _shape.Inputs);
        Array.Clear(_gradient);
        double loss = 0;
        for (int s = 0; s < sequences; s++)
        {
            loss += Accumulate(
                inputs.Slice(s * sequenceLength * _shape.Inputs, sequenceLength * _shape.Inputs),
                targets.Slice(s * sequenceLength * _shape.Outputs, sequenceLength * _shape.Outputs),
                sequenceLength,
                1f / (sequences * sequenceLength));
        }

        for (int p = 0; p < Parameters.Length; p++)
        {
            Parameters[p] -= learningRate * _gradient[p];
        }

        return loss / sequences;
    }

    // Forward through one sequence from a zero state, then back through time; adds scale times the
    // gradient of the summed per-step loss to _gradient and returns the sequence's mean step loss.
    private double Accumulate(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int steps, float scale)
    {
        RecurrentShape s = _shape;
        int h = s.Hidden, inputs = s.Inputs, outputs = s.Outputs;
        float[] p = Parameters;
        Array.Clear(_hiddenHistory, 0, h);
        double loss = 0;
        for (int t = 0; t < steps; t++)
        {
            int previous = t * h, current = (t + 1) * h;
            for (int j = 0; j < h; j++)
            {
                // The affine parts of gate rows j (r), h + j (z) and 2h + j (n), input and hidden apart.
                float r = p[s.BiasIhOffset + j] + p[s.BiasHhOffset + j];
                float z = p[s.BiasIhOffset + h + j] + p[s.BiasHhOffset + h + j];
                float nInput = p[s.BiasIhOffset + (2 * h) + j];
                float nHidden = p[s.BiasHhOffset + (2 * h) + j];
                for (int i = 0; i < inputs; i++)
                {
                    float xi = x[(t * inputs) + i];
                    r += p[s.WeightIhOffset + (j * inputs) + i] * xi;
                    z += p[s.WeightIhOffset + ((h + j) * inputs) + i] * xi;
                    nInput += p[s.WeightIhOffset + (((2 * h) + j) * inputs) + i] * xi;
                }

                for (int k = 0; k < h; k++)
                {
                    float hk = _hiddenHistory[previous + k];
                    r += p[s.WeightHhOffset + (j * h) + k] * hk;
                    z += p[s.WeightHhOffset + ((h + j) * h) + k] * hk;
                    nHidden += p[s.WeightHhOffset + (((2 * h) + j) * h) + k] * hk;
                }

                r = Sigmoid(r);
                z = Sigmoid(z);
                float n = MathF.Tanh(nInput + (r * nHidden));
                _r[(t * h) + j] = r;
                _z[(t * h) + j] = z;
                _n[(t * h) + j] = n;
                _hiddenPart[(t * h) + j] = nHidden;
                _hiddenHistory[current + j] = ((1 - z) * n) + (z * _hiddenHistory[previous + j]);
            }

            // o = W h + b; the step's loss 0.5 * sum_k (o_k - t_k)^2 and its derivative o_k - t_k.
            for (int k = 0; k < outputs; k++)
            {
                float o = p[s.DenseBiasOffset + k];
                for (int j = 0; j < h; j++)
                {
                    o += p[s.DenseWeightOffset + (k * h) + j] * _hiddenHistory[current + j];
                }

                float error = o - targets[(t * outputs) + k];
                loss += 0.5 * error * error;
                _outputError[(t * outputs) + k] = error * scale;
            }
        }

        Array.Clear(_dh);
        for (int t = steps - 1; t >= 0; t--)
        {
            int previous = t * h, current = (t + 1) * h;

            // The output layer: its gradient, and dL/dh from this step's output added to what came back in time.
            for (int k = 0; k < outputs; k++)
            {
                float error = _outputError[(t * outputs) + k];
                _gradient[s.DenseBiasOffset + k] += error;
                for (int j = 0; j < h; j++)
                {
                    _gradient[s.DenseWeightOffset + (k * h) + j] += error * _hiddenHistory[current + j];
                    _dh[j] += error * p[s.DenseWeightOffset + (k * h) + j];
                }
            }

            // h = (1 - z) n + z h_prev: back through the gates to their pre-activations.
            for (int j = 0; j < h; j++)
            {
                float r = _r[(t * h) + j], z = _z[(t * h) + j], n = _n[(t * h) + j];
                float dn = _dh[j] * (1 - z) * (1 - (n * n));
                float dz = _dh[j] * (_hiddenHistory[previous + j] - n) * z * (1 - z);
                float dr = dn * _hiddenPart[(t * h) + j] * r * (1 - r);
                _dhPrevious[j] = _dh[j] * z;
                _gateError[j] = dr;
                _gateError[h + j] = dz;
                _gateError[(2 * h) + j] = dn;
            }

            // Weights and biases of every gate row; the n row's hidden part is scaled by r.
            for (int row = 0; row < 3 * h; row++)
            {
                float inputError = _gateError[row];
                float hiddenError = row < 2 * h ? inputError : inputError * _r[(t * h) + row - (2 * h)];
                _gradient[s.BiasIhOffset + row] += inputError;
                _gradient[s.BiasHhOffset + row] += hiddenError;
                for (int i = 0; i < inputs; i++)
                {
                    _gradient[s.WeightIhOffset + (row * inputs) + i] += inputError * x[(t * inputs) + i];
                }

                for (int k = 0; k < h; k++)
                {
                    _gradient[s.WeightHhOffset + (row * h) + k] += hiddenError * _hiddenHistory[previous + k];
                    _dhPrevious[k] += hiddenError * p[s.WeightHhOffset + (row * h) + k];
                }
            }

            _dhPrevious.CopyTo(_dh, 0);
        }

        return loss / steps;
    }

    private static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));
}
