namespace Unrolled.Tests.Onnx;

/// <summary>
/// A chain of fully connected layers evaluated the plain way, in double, from a description's
/// layers and activations and parameters in Unrolled's order: the yardstick for models that no
/// generated network can hold yet (GELU, SiLU, layers whose activations differ).
/// </summary>
internal static class ChainReference
{
    private static readonly double s_sqrt2 = Math.Sqrt(2);

    /// <summary>The outputs for one row of inputs.</summary>
    public static double[] Predict(IReadOnlyList<int> layers, IReadOnlyList<Activation> activations, IReadOnlyList<double> parameters, IReadOnlyList<double> input)
    {
        double[] values = [.. input];
        int offset = 0;
        for (int layer = 1; layer < layers.Count; layer++)
        {
            int inputs = layers[layer - 1], outputs = layers[layer];
            double[] z = new double[outputs];
            for (int j = 0; j < outputs; j++)
            {
                double sum = 0;
                for (int i = 0; i < inputs; i++)
                {
                    sum += parameters[offset + (j * inputs) + i] * values[i];
                }

                z[j] = sum + parameters[offset + (outputs * inputs) + j];
            }

            offset += (inputs + 1) * outputs;
            values = Activate(activations[layer - 1], z);
        }

        return values;
    }

    /// <summary>Each activation's definition, as the <see cref="Activation"/> enum documents it.</summary>
    public static double[] Activate(Activation activation, double[] z)
    {
        switch (activation)
        {
            case Activation.Sigmoid:
                return [.. z.Select(v => 1 / (1 + Math.Exp(-v)))];
            case Activation.Tanh:
                return [.. z.Select(Math.Tanh)];
            case Activation.ReLU:
                return [.. z.Select(v => Math.Max(0, v))];
            case Activation.LeakyReLU:
                return [.. z.Select(v => v > 0 ? v : v / 128)];
            case Activation.Linear:
                return [.. z];
            case Activation.Softmax:
                double max = z.Max();
                double[] e = [.. z.Select(v => Math.Exp(v - max))];
                double total = e.Sum();
                return [.. e.Select(v => v / total)];
            case Activation.GELU:
                return [.. z.Select(v => 0.5 * v * (1 + Erf(v / s_sqrt2)))];
            case Activation.SiLU:
                return [.. z.Select(v => v / (1 + Math.Exp(-v)))];
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "An activation the reference does not know.");
        }
    }

    /// <summary>
    /// erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1 * 3 * ... * (2n+1)): every term is
    /// positive, so nothing cancels: within 2.4e-15 of Python's math.erf over [-7, 7] (measured). Beyond
    /// |x| = 6, erf(x) is +-1 in double (erfc(6) = 2e-17).
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double a = Math.Abs(x);
        if (a >= 6)
        {
            return Math.Sign(x);
        }

        double term = a, sum = a;
        for (int n = 1; term > sum * 1e-18; n++)
        {
            term *= 2 * a * a / ((2 * n) + 1);
            sum += term;
        }

        double erf = 2 / Math.Sqrt(Math.PI) * Math.Exp(-a * a) * sum;
        return x < 0 ? -erf : erf;
    }
}
