namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// The plain loop-and-array network of a textbook: runtime-sized loops over arrays, with the
/// activations, losses and optimizers of the attribute's options. It is the independent
/// implementation the generated code must match, so it shares no code with the generator; only
/// the order of floating-point operations is the same.
/// </summary>
internal sealed class ReferenceNetwork
{
    private const double LeakySlope = 0.0078125;

    private readonly int[] _layers;
    private readonly ReferenceOptions _options;
    private readonly double[][] _weights; // _weights[l][j * layers[l - 1] + i] = W{l}[j, i]
    private readonly double[][] _biases;  // _biases[l][j] = b{l}[j]

    // Optimizer state, laid out like the parameters: Momentum's velocity in v, Adam's m and v, or
    // Rprop's step sizes in m and last gradients in v.
    private readonly double[][] _weightM, _weightV, _biasM, _biasV;
    private double _beta1Correction, _beta2Correction;

    // Every layer's z from the last forward pass: GELU's and SiLU's derivatives are taken from z.
    private double[][] _lastZ = [];

    public ReferenceNetwork(int[] layers, ReferenceOptions? options = null)
    {
        _layers = layers;
        _options = options ?? ReferenceOptions.Default;
        _weights = Layered(l => layers[l] * layers[l - 1]);
        _biases = Layered(l => layers[l]);
        _weightM = Layered(l => layers[l] * layers[l - 1]);
        _weightV = Layered(l => layers[l] * layers[l - 1]);
        _biasM = Layered(l => layers[l]);
        _biasV = Layered(l => layers[l]);
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
    public double[][] Forward(ReadOnlySpan<double> input) => Forward(input, out _);

    /// <summary>Activations of every layer, and the output layer's z.</summary>
    public double[][] Forward(ReadOnlySpan<double> input, out double[] outputZ)
    {
        var activations = new double[_layers.Length][];
        activations[0] = input.ToArray();
        outputZ = [];
        _lastZ = new double[_layers.Length][];
        for (int l = 1; l < _layers.Length; l++)
        {
            Activation activation = _options.ActivationOf(l, _layers.Length);
            var zs = new double[_layers[l]];
            for (int j = 0; j < _layers[l]; j++)
            {
                double z = _weights[l][j * _layers[l - 1]] * activations[l - 1][0];
                for (int i = 1; i < _layers[l - 1]; i++)
                {
                    z += _weights[l][(j * _layers[l - 1]) + i] * activations[l - 1][i];
                }

                zs[j] = z + _biases[l][j];
            }

            activations[l] = activation == Activation.Softmax ? Softmax(zs) : [.. zs.Select(z => Activate(activation, z))];
            outputZ = zs;
            _lastZ[l] = zs;
        }

        return activations;
    }

    public double[] Predict(ReadOnlySpan<double> input) => Forward(input)[^1];

    /// <summary>The loss of one sample, as Train reports it.</summary>
    public double Loss(ReadOnlySpan<double> input, ReadOnlySpan<double> target) => Backward(input, target).Loss;

    /// <summary>Backpropagates one sample: returns its loss and dE/dz of every neuron of every layer.</summary>
    public (double Loss, double[][] Deltas, double[][] Activations) Backward(ReadOnlySpan<double> input, ReadOnlySpan<double> target)
    {
        double[][] a = Forward(input, out double[] z);
        int last = _layers.Length - 1;
        bool crossEntropy = _options.Loss == Unrolled.Loss.CrossEntropy;
        var deltas = new double[_layers.Length][];
        deltas[last] = new double[_layers[last]];
        double max = z.Max();
        double logSum = Math.Log(z.Select(v => Math.Exp(v - max)).Aggregate((x, y) => x + y));
        double loss = 0;
        for (int k = 0; k < _layers[last]; k++)
        {
            double o = a[last][k];
            double t = target[k];
            double e = o - t;
            double term = !crossEntropy ? e * e
                : _options.Output == Activation.Softmax ? t * (max + logSum - z[k])
                : Math.Max(z[k], 0.0) - (z[k] * t) + Math.Log(1.0 + Math.Exp(-Math.Abs(z[k])));
            loss = k == 0 ? term : loss + term;
            deltas[last][k] = !crossEntropy ? e * Derivative(_options.Output, o, z[k])
                : _options.Output == Activation.Softmax ? (o * TargetSum(target)) - t
                : e;
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

                deltas[l][j] = back * Derivative(_options.ActivationOf(l, _layers.Length), a[l][j], _lastZ[l][j]);
            }
        }

        return (crossEntropy ? loss : 0.5 * loss, deltas, a);
    }

    public double Train(ReadOnlySpan<double> input, ReadOnlySpan<double> target, double learningRate)
    {
        (double loss, double[][] deltas, double[][] a) = Backward(input, target);
        double[][] weightGradients = Layered(l => _weights[l].Length);
        double[][] biasGradients = Layered(l => _biases[l].Length);
        for (int l = 1; l < _layers.Length; l++)
        {
            for (int j = 0; j < _layers[l]; j++)
            {
                for (int i = 0; i < _layers[l - 1]; i++)
                {
                    if (_options.Optimizer == Optimizer.Sgd)
                    {
                        _weights[l][(j * _layers[l - 1]) + i] -= learningRate * deltas[l][j] * a[l - 1][i];
                    }

                    weightGradients[l][(j * _layers[l - 1]) + i] = deltas[l][j] * a[l - 1][i];
                }

                if (_options.Optimizer == Optimizer.Sgd)
                {
                    _biases[l][j] -= learningRate * deltas[l][j];
                }

                biasGradients[l][j] = deltas[l][j];
            }
        }

        if (_options.Optimizer != Optimizer.Sgd)
        {
            Step(weightGradients, biasGradients, learningRate);
        }

        return loss;
    }

    public double TrainBatch(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, double learningRate)
    {
        int rows = inputs.Length / _layers[0];
        int outputs = _layers[^1];
        double[][] weightSums = Layered(l => _weights[l].Length);
        double[][] biasSums = Layered(l => _biases[l].Length);
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
                        weightSums[l][(j * _layers[l - 1]) + i] += deltas[l][j] * a[l - 1][i];
                    }

                    biasSums[l][j] += deltas[l][j];
                }
            }
        }

        if (_options.Optimizer != Optimizer.Sgd)
        {
            Step(Layered(l => weightSums[l].Select(g => g / rows).ToArray()), Layered(l => biasSums[l].Select(g => g / rows).ToArray()), learningRate);
            return lossSum / rows;
        }

        double step = learningRate / rows;
        for (int l = 1; l < _layers.Length; l++)
        {
            for (int p = 0; p < _weights[l].Length; p++)
            {
                _weights[l][p] -= step * weightSums[l][p];
            }

            for (int j = 0; j < _biases[l].Length; j++)
            {
                _biases[l][j] -= step * biasSums[l][j];
            }
        }

        return lossSum / rows;
    }

    // Summed left to right, as the generated code sums them.
    private static double TargetSum(ReadOnlySpan<double> target)
    {
        double sum = target[0];
        for (int k = 1; k < target.Length; k++)
        {
            sum += target[k];
        }

        return sum;
    }

    private static double Activate(Activation activation, double z) => activation switch
    {
        Activation.Sigmoid => 1.0 / (1.0 + Math.Exp(-z)),
        Activation.Tanh => Math.Tanh(z),
        Activation.ReLU => Math.Max(z, 0.0),
        Activation.LeakyReLU => z > 0.0 ? z : z * LeakySlope,
        Activation.Linear => z,
        Activation.GELU => 0.5 * z * (1.0 + PlainLayeredNetwork.Erf(z / Math.Sqrt(2.0))),
        Activation.SiLU => z / (1.0 + Math.Exp(-z)),
        Activation.Softmax => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Softmax is applied to the whole layer."),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not an Unrolled activation."),
    };

    private static double[] Softmax(double[] z)
    {
        double max = z.Aggregate(Math.Max);
        double[] exps = [.. z.Select(v => Math.Exp(v - max))];
        double sum = exps.Aggregate((x, y) => x + y);
        return [.. exps.Select(e => e / sum)];
    }

    // From the output a, or from z for GELU (the derivative of 0.5 z (1 + erf(z / sqrt 2))) and SiLU (of z sigmoid(z)).
    private static double Derivative(Activation activation, double a, double z) => activation switch
    {
        Activation.Sigmoid => a * (1.0 - a),
        Activation.Tanh => 1.0 - (a * a),
        Activation.ReLU => a > 0.0 ? 1.0 : 0.0,
        Activation.LeakyReLU => a > 0.0 ? 1.0 : LeakySlope,
        Activation.Linear => 1.0,
        Activation.GELU => (0.5 * (1.0 + PlainLayeredNetwork.Erf(z / Math.Sqrt(2.0)))) + (z * Math.Exp(-0.5 * z * z) / Math.Sqrt(2.0 * Math.PI)),
        Activation.SiLU => Sigmoid(z) * (1.0 + (z * (1.0 - Sigmoid(z)))),
        Activation.Softmax => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Softmax has no per-neuron derivative."),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not an Unrolled activation."),
    };

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    // Momentum or Adam, with the formulas of the Optimizer enum's documentation.
    private void Step(double[][] weightGradients, double[][] biasGradients, double learningRate)
    {
        double stepSize = 0, secondMomentScale = 0;
        if (_options.Optimizer == Optimizer.Adam)
        {
            _beta1Correction = 1.0 - (_options.Beta1 * (1.0 - _beta1Correction));
            _beta2Correction = 1.0 - (_options.Beta2 * (1.0 - _beta2Correction));
            stepSize = learningRate / _beta1Correction;
            secondMomentScale = 1.0 / _beta2Correction;
        }

        for (int l = 1; l < _layers.Length; l++)
        {
            for (int p = 0; p < _weights[l].Length; p++)
            {
                Update(ref _weights[l][p], ref _weightM[l][p], ref _weightV[l][p], weightGradients[l][p]);
            }

            for (int j = 0; j < _biases[l].Length; j++)
            {
                Update(ref _biases[l][j], ref _biasM[l][j], ref _biasV[l][j], biasGradients[l][j]);
            }
        }

        void Update(ref double w, ref double m, ref double v, double g)
        {
            if (_options.Optimizer == Optimizer.Momentum)
            {
                v = (_options.Momentum * v) + g;
                w -= learningRate * v;
                return;
            }

            if (_options.Optimizer == Optimizer.Rprop)
            {
                // iRPROP-: m is the step size (0 until the first step: then learningRate), v the last gradient.
                RpropStep(ref w, ref m, ref v, g, learningRate);
                return;
            }

            m = (_options.Beta1 * m) + ((1.0 - _options.Beta1) * g);
            v = (_options.Beta2 * v) + ((1.0 - _options.Beta2) * (g * g));
            w -= stepSize * m / (Math.Sqrt(v * secondMomentScale) + _options.Epsilon);
        }
    }

    /// <summary>Rprop's step sizes and last gradients, each in parameter order.</summary>
    public (double[] StepSizes, double[] PreviousGradients) RpropState()
    {
        var steps = new List<double>();
        var previous = new List<double>();
        for (int l = 1; l < _layers.Length; l++)
        {
            steps.AddRange(_weightM[l]);
            steps.AddRange(_biasM[l]);
            previous.AddRange(_weightV[l]);
            previous.AddRange(_biasV[l]);
        }

        return ([.. steps], [.. previous]);
    }

    /// <summary>
    /// One iRPROP- step as the Optimizer enum documents it, with FANN's factors 1.2 and 0.5 and its
    /// largest step size 50: grow while the sign holds, shrink and forget the gradient (no move) when
    /// it changes, keep the step size otherwise; move against the sign of the gradient kept.
    /// </summary>
    public static void RpropStep(ref double w, ref double step, ref double previous, double g, double learningRate)
    {
        double size = step == 0 ? learningRate : step;
        double sameSign = g * previous;
        if (sameSign > 0)
        {
            size = Math.Min(size * 1.2, 50.0);
        }
        else if (sameSign < 0)
        {
            size *= 0.5;
            g = 0;
        }

        w -= Math.Sign(g) * size;
        step = size;
        previous = g;
    }

    private double[][] Layered(Func<int, int> length) => Layered(l => new double[length(l)]);

    private double[][] Layered(Func<int, double[]> create)
    {
        var parts = new double[_layers.Length][];
        for (int l = 1; l < _layers.Length; l++)
        {
            parts[l] = create(l);
        }

        return parts;
    }
}
