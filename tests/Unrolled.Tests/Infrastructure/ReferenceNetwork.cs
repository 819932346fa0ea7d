namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// The plain loop-and-array network of a textbook: runtime-sized loops over arrays, sigmoid on
/// every layer, squared error. It is the independent implementation the generated code must match,
/// so it shares no code with the generator; only the order of floating-point operations is the same.
/// </summary>
internal sealed class ReferenceNetwork
{
    private readonly int[] _layers;
    private readonly double[][] _weights; // _weights[l][j * layers[l - 1] + i] = W{l}[j, i]
    private readonly double[][] _biases;  // _biases[l][j] = b{l}[j]

    public ReferenceNetwork(int[] layers)
    {
        _layers = layers;
        _weights = new double[layers.Length][];
        _biases = new double[layers.Length][];
        for (int l = 1; l < layers.Length; l++)
        {
            _weights[l] = new double[layers[l] * layers[l - 1]];
            _biases[l] = new double[layers[l]];
        }
    }

    public int ParameterCount => Enumerable.Range(1, _layers.Length - 1).Sum(l => (_layers[l - 1] + 1) * _layers[l]);

    public void SetParameters(ReadOnlySpan<double> source)
    {
        int index = 0;
        for (int l = 1; l < _layers.Length; l++)
        {
            foreach (double[] part in new[] { _weights[l], _biases[l] })
            {
                source.Slice(index, part.Length).CopyTo(part);
                index += part.Length;
            }
        }
    }

    public double[] GetParameters()
    {
        var all = new List<double>();
        for (int l = 1; l < _layers.Length; l++)
        {
            all.AddRange(_weights[l]);
            all.AddRange(_biases[l]);
        }

        return [.. all];
    }

    /// <summary>Activations of every layer; [0] is the input.</summary>
    public double[][] Forward(ReadOnlySpan<double> input)
    {
        var activations = new double[_layers.Length][];
        activations[0] = input.ToArray();
        for (int l = 1; l < _layers.Length; l++)
        {
            activations[l] = new double[_layers[l]];
            for (int j = 0; j < _layers[l]; j++)
            {
                double z = _weights[l][j * _layers[l - 1]] * activations[l - 1][0];
                for (int i = 1; i < _layers[l - 1]; i++)
                {
                    z += _weights[l][(j * _layers[l - 1]) + i] * activations[l - 1][i];
                }

                z += _biases[l][j];
                activations[l][j] = 1.0 / (1.0 + Math.Exp(-z));
            }
        }

        return activations;
    }

    public double[] Predict(ReadOnlySpan<double> input) => Forward(input)[^1];

    /// <summary>Backpropagates one sample: returns its loss and dE/dz of every neuron of every layer.</summary>
    public (double Loss, double[][] Deltas, double[][] Activations) Backward(ReadOnlySpan<double> input, ReadOnlySpan<double> target)
    {
        double[][] a = Forward(input);
        int last = _layers.Length - 1;
        var deltas = new double[_layers.Length][];
        deltas[last] = new double[_layers[last]];
        double squares = 0;
        for (int k = 0; k < _layers[last]; k++)
        {
            double e = a[last][k] - target[k];
            squares = k == 0 ? e * e : squares + (e * e);
            deltas[last][k] = e * a[last][k] * (1.0 - a[last][k]);
        }

        for (int l = last - 1; l >= 1; l--)
        {
            deltas[l] = new double[_layers[l]];
            for (int j = 0; j < _layers[l]; j++)
            {
                double back = _weights[l + 1][j] * deltas[l + 1][0];
                for (int k = 1; k < _layers[l + 1]; k++)
                {
                    back += _weights[l + 1][(k * _layers[l]) + j] * deltas[l + 1][k];
                }

                deltas[l][j] = back * a[l][j] * (1.0 - a[l][j]);
            }
        }

        return (0.5 * squares, deltas, a);
    }

    public double Train(ReadOnlySpan<double> input, ReadOnlySpan<double> target, double learningRate)
    {
        (double loss, double[][] deltas, double[][] a) = Backward(input, target);
        for (int l = 1; l < _layers.Length; l++)
        {
            for (int j = 0; j < _layers[l]; j++)
            {
                for (int i = 0; i < _layers[l - 1]; i++)
                {
                    _weights[l][(j * _layers[l - 1]) + i] -= learningRate * deltas[l][j] * a[l - 1][i];
                }

                _biases[l][j] -= learningRate * deltas[l][j];
            }
        }

        return loss;
    }

    public double TrainBatch(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, double learningRate)
    {
        int rows = inputs.Length / _layers[0];
        int outputs = _layers[^1];
        var weightSums = _weights.Select(w => w is null ? null : new double[w.Length]).ToArray();
        var biasSums = _biases.Select(b => b is null ? null : new double[b.Length]).ToArray();
        double lossSum = 0;
        for (int row = 0; row < rows; row++)
        {
            (double loss, double[][] deltas, double[][] a) = Backward(inputs.Slice(row * _layers[0], _layers[0]), targets.Slice(row * outputs, outputs));
            lossSum += loss;
            for (int l = 1; l < _layers.Length; l++)
            {
                for (int j = 0; j < _layers[l]; j++)
                {
                    for (int i = 0; i < _layers[l - 1]; i++)
                    {
                        weightSums[l]![(j * _layers[l - 1]) + i] += deltas[l][j] * a[l - 1][i];
                    }

                    biasSums[l]![j] += deltas[l][j];
                }
            }
        }

        double step = learningRate / rows;
        for (int l = 1; l < _layers.Length; l++)
        {
            for (int p = 0; p < _weights[l].Length; p++)
            {
                _weights[l][p] -= step * weightSums[l]![p];
            }

            for (int j = 0; j < _biases[l].Length; j++)
            {
                _biases[l][j] -= step * biasSums[l]![j];
            }
        }

        return lossSum / rows;
    }
}
