namespace Unrolled.Benchmarks.Baselines;

/// <summary>
/// The baseline of WORKLOADS.md: a plain network with runtime-sized loops over double[] arrays,
/// as a textbook writes it. Buffers are allocated once, so it allocates nothing per step either
/// and the comparison is about the computation alone.
/// </summary>
public sealed class LoopNetwork
{
    private readonly int[] _sizes;
    private readonly double[][] _weights;   // [l][j * sizes[l-1] + i]
    private readonly double[][] _biases;    // [l][j]
    private readonly double[][] _activations;
    private readonly double[][] _deltas;
    private readonly double[][] _weightGradients;
    private readonly double[][] _biasGradients;

    public LoopNetwork(params int[] sizes)
    {
        _sizes = sizes;
        int layers = sizes.Length;
        _weights = new double[layers][];
        _biases = new double[layers][];
        _activations = new double[layers][];
        _deltas = new double[layers][];
        _weightGradients = new double[layers][];
        _biasGradients = new double[layers][];
        _activations[0] = new double[sizes[0]];
        for (int l = 1; l < layers; l++)
        {
            _weights[l] = new double[sizes[l] * sizes[l - 1]];
            _biases[l] = new double[sizes[l]];
            _activations[l] = new double[sizes[l]];
            _deltas[l] = new double[sizes[l]];
            _weightGradients[l] = new double[sizes[l] * sizes[l - 1]];
            _biasGradients[l] = new double[sizes[l]];
        }
    }

    /// <summary>Takes the parameters of a generated network, in the contract's order.</summary>
    public void SetParameters(ReadOnlySpan<double> source)
    {
        int index = 0;
        for (int l = 1; l < _sizes.Length; l++)
        {
            source.Slice(index, _weights[l].Length).CopyTo(_weights[l]);
            index += _weights[l].Length;
            source.Slice(index, _biases[l].Length).CopyTo(_biases[l]);
            index += _biases[l].Length;
        }
    }

    /// <summary>Writes the parameters in the contract's order.</summary>
    public void CopyParametersTo(Span<double> destination)
    {
        int index = 0;
        for (int l = 1; l < _sizes.Length; l++)
        {
            _weights[l].CopyTo(destination.Slice(index));
            index += _weights[l].Length;
            _biases[l].CopyTo(destination.Slice(index));
            index += _biases[l].Length;
        }
    }

    public void Predict(ReadOnlySpan<double> input, Span<double> output)
    {
        Forward(input);
        _activations[^1].CopyTo(output);
    }

    public double Train(ReadOnlySpan<double> input, ReadOnlySpan<double> target, double learningRate)
    {
        double loss = Backward(input, target);
        for (int l = 1; l < _sizes.Length; l++)
        {
            int inputs = _sizes[l - 1];
            for (int j = 0; j < _sizes[l]; j++)
            {
                for (int i = 0; i < inputs; i++)
                {
                    _weights[l][(j * inputs) + i] -= learningRate * _deltas[l][j] * _activations[l - 1][i];
                }

                _biases[l][j] -= learningRate * _deltas[l][j];
            }
        }

        return loss;
    }

    public double TrainBatch(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, double learningRate)
    {
        int inputWidth = _sizes[0];
        int outputWidth = _sizes[^1];
        int rows = inputs.Length / inputWidth;
        for (int l = 1; l < _sizes.Length; l++)
        {
            Array.Clear(_weightGradients[l]);
            Array.Clear(_biasGradients[l]);
        }

        double lossSum = 0;
        for (int row = 0; row < rows; row++)
        {
            lossSum += Backward(inputs.Slice(row * inputWidth, inputWidth), targets.Slice(row * outputWidth, outputWidth));
            for (int l = 1; l < _sizes.Length; l++)
            {
                int width = _sizes[l - 1];
                for (int j = 0; j < _sizes[l]; j++)
                {
                    for (int i = 0; i < width; i++)
                    {
                        _weightGradients[l][(j * width) + i] += _deltas[l][j] * _activations[l - 1][i];
                    }

                    _biasGradients[l][j] += _deltas[l][j];
                }
            }
        }

        double step = learningRate / rows;
        for (int l = 1; l < _sizes.Length; l++)
        {
            for (int p = 0; p < _weights[l].Length; p++)
            {
                _weights[l][p] -= step * _weightGradients[l][p];
            }

            for (int j = 0; j < _biases[l].Length; j++)
            {
                _biases[l][j] -= step * _biasGradients[l][j];
            }
        }

        return lossSum / rows;
    }

    private void Forward(ReadOnlySpan<double> input)
    {
        input.CopyTo(_activations[0]);
        for (int l = 1; l < _sizes.Length; l++)
        {
            int inputs = _sizes[l - 1];
            for (int j = 0; j < _sizes[l]; j++)
            {
                double z = _biases[l][j];
                for (int i = 0; i < inputs; i++)
                {
                    z += _weights[l][(j * inputs) + i] * _activations[l - 1][i];
                }

                _activations[l][j] = 1.0 / (1.0 + Math.Exp(-z));
            }
        }
    }

    private double Backward(ReadOnlySpan<double> input, ReadOnlySpan<double> target)
    {
        Forward(input);
        int last = _sizes.Length - 1;
        double squares = 0;
        for (int k = 0; k < _sizes[last]; k++)
        {
            double o = _activations[last][k];
            double e = o - target[k];
            squares += e * e;
            _deltas[last][k] = e * o * (1.0 - o);
        }

        for (int l = last - 1; l >= 1; l--)
        {
            int width = _sizes[l];
            for (int j = 0; j < width; j++)
            {
                double sum = 0;
                for (int k = 0; k < _sizes[l + 1]; k++)
                {
                    sum += _weights[l + 1][(k * width) + j] * _deltas[l + 1][k];
                }

                double a = _activations[l][j];
                _deltas[l][j] = sum * a * (1.0 - a);
            }
        }

        return 0.5 * squares;
    }
}
