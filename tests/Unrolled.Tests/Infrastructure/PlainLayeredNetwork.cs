namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// The textbook network in double: loops over layers, one activation per layer (named as the
/// <see cref="Activation"/> enum names them, so GELU and SiLU too), derivatives from z, parameters in
/// Unrolled's order. Independent of the generator and of ReferenceNetwork, so that it can judge the
/// PyTorch fixtures (TorchFixtureSelfTests) and drive the iRPROP− reference (RpropParityTests).
/// </summary>
internal sealed class PlainLayeredNetwork(int[] layers, string[] activations, Loss loss, double[] parameters)
{
    private const double LeakySlope = 0.0078125;

    private readonly int[] _layers = layers;
    private readonly string[] _activations = activations;
    private readonly Loss _loss = loss;
    private readonly double[] _parameters = parameters; // read on every pass: a step that changes the array is seen

    /// <summary>erf(x) from 2/sqrt(pi) exp(-x^2) sum_n (2x^2)^n x / (1 * 3 * ... * (2n + 1)): all terms positive, no cancellation.</summary>
    public static double Erf(double x)
    {
        if (Math.Abs(x) > 6)
        {
            return Math.Sign(x); // 1 - erf(6) is 2e-17, below a double's resolution at 1
        }

        double term = x, sum = x;
        for (int n = 1; Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
        {
            term *= 2 * x * x / ((2 * n) + 1);
            sum += term;
        }

        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
    }

    /// <summary>z and a of every layer; [0] holds the input as a and nothing as z.</summary>
    public (double[][] Z, double[][] A) Forward(double[] input)
    {
        var z = new double[_layers.Length][];
        var a = new double[_layers.Length][];
        z[0] = [];
        a[0] = input;
        for (int l = 1; l < _layers.Length; l++)
        {
            z[l] = new double[_layers[l]];
            for (int j = 0; j < _layers[l]; j++)
            {
                double sum = _parameters[BiasOffset(l) + j];
                for (int i = 0; i < _layers[l - 1]; i++)
                {
                    sum += _parameters[WeightOffset(l) + (j * _layers[l - 1]) + i] * a[l - 1][i];
                }

                z[l][j] = sum;
            }

            a[l] = Activate(_activations[l - 1], z[l]);
        }

        return (z, a);
    }

    public double Loss(double[] z, double[] o, double[] t)
    {
        double loss = 0;
        for (int k = 0; k < o.Length; k++)
        {
            loss += _loss switch
            {
                Unrolled.Loss.SquaredError => 0.5 * (o[k] - t[k]) * (o[k] - t[k]),
                Unrolled.Loss.CrossEntropy => _activations[^1] switch
                {
                    "Softmax" => -t[k] * (z[k] - LogSumExp(z)),
                    // -(t ln o + (1 - t) ln(1 - o)) from z: max(z, 0) - z t + ln(1 + exp(-|z|))
                    "Sigmoid" => Math.Max(z[k], 0) - (z[k] * t[k]) + Math.Log(1 + Math.Exp(-Math.Abs(z[k]))),
                    _ => throw new NotSupportedException($"CrossEntropy after {_activations[^1]}"),
                },
                _ => throw new ArgumentOutOfRangeException(nameof(z), _loss, "Unknown loss."),
            };
        }

        return loss;
    }

    /// <summary>dLoss/dparameter for one row, in Unrolled's order.</summary>
    public double[] Gradient(double[][] z, double[][] a, double[] target)
    {
        var gradient = new double[_parameters.Length];
        int last = _layers.Length - 1;
        double[] delta = OutputDelta(z[last], a[last], target);
        for (int l = last; l >= 1; l--)
        {
            for (int j = 0; j < _layers[l]; j++)
            {
                gradient[BiasOffset(l) + j] = delta[j];
                for (int i = 0; i < _layers[l - 1]; i++)
                {
                    gradient[WeightOffset(l) + (j * _layers[l - 1]) + i] = delta[j] * a[l - 1][i];
                }
            }

            if (l > 1)
            {
                var previous = new double[_layers[l - 1]];
                for (int i = 0; i < _layers[l - 1]; i++)
                {
                    double sum = 0;
                    for (int j = 0; j < _layers[l]; j++)
                    {
                        sum += _parameters[WeightOffset(l) + (j * _layers[l - 1]) + i] * delta[j];
                    }

                    previous[i] = sum * Derivative(_activations[l - 2], z[l - 1][i]);
                }

                delta = previous;
            }
        }

        return gradient;
    }

    private double[] OutputDelta(double[] z, double[] o, double[] t) => _loss switch
    {
        // Cross entropy after its own output activation: the derivative cancels, o - t.
        Unrolled.Loss.CrossEntropy when _activations[^1] is "Softmax" or "Sigmoid" => [.. o.Select((value, k) => value - t[k])],
        Unrolled.Loss.CrossEntropy => throw new NotSupportedException($"CrossEntropy after {_activations[^1]}"),
        Unrolled.Loss.SquaredError when _activations[^1] == "Softmax" => throw new NotSupportedException("SquaredError after Softmax needs the Jacobian; no fixture has it."),
        Unrolled.Loss.SquaredError => [.. o.Select((value, k) => (value - t[k]) * Derivative(_activations[^1], z[k]))],
        _ => throw new ArgumentOutOfRangeException(nameof(z), _loss, "Unknown loss."),
    };

    private static double[] Activate(string activation, double[] z)
    {
        if (activation == "Softmax")
        {
            double logSum = LogSumExp(z);
            return [.. z.Select(value => Math.Exp(value - logSum))];
        }

        return [.. z.Select(value => activation switch
        {
            "Sigmoid" => Sigmoid(value),
            "Tanh" => Math.Tanh(value),
            "ReLU" => Math.Max(value, 0),
            "LeakyReLU" => value > 0 ? value : value * LeakySlope,
            "Linear" => value,
            "GELU" => 0.5 * value * (1 + Erf(value / Math.Sqrt(2))),
            "SiLU" => value * Sigmoid(value),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
        })];
    }

    /// <summary>f'(z) of an element-wise activation.</summary>
    private static double Derivative(string activation, double z) => activation switch
    {
        "Sigmoid" => Sigmoid(z) * (1 - Sigmoid(z)),
        "Tanh" => 1 - (Math.Tanh(z) * Math.Tanh(z)),
        "ReLU" => z > 0 ? 1 : 0,
        "LeakyReLU" => z > 0 ? 1 : LeakySlope,
        "Linear" => 1,
        // d/dz z Phi(z) = Phi(z) + z phi(z), with Phi the normal distribution and phi its density.
        "GELU" => (0.5 * (1 + Erf(z / Math.Sqrt(2)))) + (z * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI)),
        // d/dz z s(z) = s(z) + z s(z) (1 - s(z))
        "SiLU" => Sigmoid(z) * (1 + (z * (1 - Sigmoid(z)))),
        "Softmax" => throw new NotSupportedException("Softmax is not element-wise; only the output layer has it."),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double LogSumExp(double[] z)
    {
        double max = z.Max();
        return max + Math.Log(z.Sum(value => Math.Exp(value - max)));
    }

    private int WeightOffset(int layer)
    {
        int offset = 0;
        for (int l = 1; l < layer; l++)
        {
            offset += (_layers[l - 1] + 1) * _layers[l];
        }

        return offset;
    }

    private int BiasOffset(int layer) => WeightOffset(layer) + (_layers[layer - 1] * _layers[layer]);
}
