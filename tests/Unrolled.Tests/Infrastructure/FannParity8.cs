namespace Unrolled.Tests.Infrastructure;

/// <summary>What the output error of a FANN port is.</summary>
internal enum FannOutputError
{
    /// <summary>FANN_ERRORFUNC_TANH: f'(o) * ln((1 + d) / (1 - d)) with d = t - o (17 beyond |d| = 0.9999999), FANN's default.</summary>
    FannTanh,

    /// <summary>Cross-entropy with a sigmoid output: t - o, Unrolled's Loss.CrossEntropy.</summary>
    CrossEntropy,
}

/// <summary>
/// FANN's parity8 benchmark ported to C#, for the tests that explain how FANN's RPROP trains: the 256
/// patterns of libfann-doc's parity8.train, an 8-16-1 network of sigmoid layers over parameters in
/// Unrolled's order (W1[j, i] (128), b1 (16), W2[0, j] (16), b2 (1)), and the gradient FANN's RPROP
/// follows (fann_train.c: fann_compute_MSE and fann_activation_derived), with FANN's choices as options.
/// </summary>
internal static class FannParity8
{
    public const int Inputs = 8, Hidden = 16;
    public const int ParameterCount = (Inputs * Hidden) + Hidden + Hidden + 1;
    private const int B1 = Inputs * Hidden, W2 = B1 + Hidden, B2 = W2 + Hidden;

    /// <summary>All 256 patterns of 8 bits, most significant first; the target is 1 when the number of ones is odd.</summary>
    public static (double[][] Inputs, double[] Targets) Patterns()
    {
        double[][] inputs = [.. Enumerable.Range(0, 256).Select(n => Enumerable.Range(0, Inputs).Select(bit => (double)((n >> (7 - bit)) & 1)).ToArray())];
        double[] targets = [.. inputs.Select(input => input.Sum() % 2)];
        return (inputs, targets);
    }

    /// <summary>How many patterns the network gets wrong: its output is 0.5 or more away from the target.</summary>
    public static int Wrong(double[] p, double[][] inputs, double[] targets) =>
        inputs.Select((input, row) => Math.Abs(Output(p, input) - targets[row]) >= 0.5 ? 1 : 0).Sum();

    public static double Output(double[] p, double[] input) => Sigmoid(OutputZ(p, Hiddens(p, input)));

    /// <summary>
    /// The gradient summed over the rows (RPROP uses only its sign), in the gradient's sign: FANN's slope
    /// negated. <paramref name="clipped"/> takes FANN_SIGMOID's derivative o (1 - o) with o clipped to
    /// [0.01, 0.99], so that a saturated neuron still passes a gradient back; otherwise the exact one,
    /// Unrolled's. The output's own derivative enters only where the error function multiplies by it
    /// (cross-entropy's t - o has none).
    /// </summary>
    public static double[] Gradient(double[] p, double[][] inputs, double[] targets, FannOutputError error, bool clipped)
    {
        var gradient = new double[ParameterCount];
        for (int row = 0; row < inputs.Length; row++)
        {
            double[] h = Hiddens(p, inputs[row]);
            double o = Sigmoid(OutputZ(p, h));
            double d = targets[row] - o;
            double outputError = error switch
            {
                FannOutputError.FannTanh => Derivative(o, clipped) * (d < -0.9999999 ? -17 : d > 0.9999999 ? 17 : Math.Log((1 + d) / (1 - d))),
                FannOutputError.CrossEntropy => d,
                _ => throw new ArgumentOutOfRangeException(nameof(error), error, "unknown output error"),
            };
            gradient[B2] -= outputError;
            for (int j = 0; j < Hidden; j++)
            {
                gradient[W2 + j] -= outputError * h[j];
                double hiddenError = Derivative(h[j], clipped) * p[W2 + j] * outputError;
                gradient[B1 + j] -= hiddenError;
                for (int i = 0; i < Inputs; i++)
                {
                    gradient[(j * Inputs) + i] -= hiddenError * inputs[row][i];
                }
            }
        }

        return gradient;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double[] Hiddens(double[] p, double[] input)
    {
        var h = new double[Hidden];
        for (int j = 0; j < Hidden; j++)
        {
            double z = p[B1 + j];
            for (int i = 0; i < Inputs; i++)
            {
                z += p[(j * Inputs) + i] * input[i];
            }

            h[j] = Sigmoid(z);
        }

        return h;
    }

    private static double OutputZ(double[] p, double[] h)
    {
        double z = p[B2];
        for (int j = 0; j < Hidden; j++)
        {
            z += p[W2 + j] * h[j];
        }

        return z;
    }

    // The sigmoid's derivative from its output, clipped as FANN_SIGMOID's is or exact as Unrolled's.
    private static double Derivative(double a, bool clipped)
    {
        double o = clipped ? Math.Clamp(a, 0.01, 0.99) : a;
        return o * (1 - o);
    }
}
