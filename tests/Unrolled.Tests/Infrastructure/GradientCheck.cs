namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// Backpropagation against calculus: one Train step at learning rate 1 moves each parameter by
/// exactly minus its gradient, which must equal the central finite difference of the loss.
/// </summary>
internal static class GradientCheck
{
    private const double Step = 1e-5;
    private const double MaxRelativeError = 1e-6;

    // Below this size a gradient is compared absolutely: central differences carry ~1e-11 of
    // rounding noise, which would dominate a relative error of a gradient that is nearly zero.
    private const double RelativeFloor = 1e-4;

    /// <summary>
    /// Shifts <paramref name="network"/>'s current parameters at random (non-zero biases, so the bias
    /// paths count too), draws an input in [-1, 1) and a target in [0, 1), trains once and compares
    /// every checked parameter's move with the finite difference of
    /// <paramref name="loss"/>(parameters, input, target).
    /// </summary>
    public static void AssertMatchesFiniteDifferences(INetwork network, Random random, Func<double[], double[], double[], double> loss, string description)
    {
        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        for (int p = 0; p < parameters.Length; p++)
        {
            parameters[p] += (random.NextDouble() - 0.5) * 0.5;
        }

        double[] input = [.. Enumerable.Range(0, network.InputCount).Select(_ => (random.NextDouble() * 2) - 1)];
        // Soft targets that do not add up to 1, even for a softmax: the gradient must hold for any.
        double[] target = [.. Enumerable.Range(0, network.OutputCount).Select(_ => random.NextDouble())];

        network.SetParameters(parameters);
        network.Train(input, target, learningRate: 1.0);
        double[] after = new double[network.ParameterCount];
        network.CopyParametersTo(after);

        foreach (int p in TestTopologies.CheckedParameters(parameters.Length))
        {
            double backprop = parameters[p] - after[p];
            double numeric = (loss(Shifted(parameters, p, +Step), input, target) - loss(Shifted(parameters, p, -Step), input, target)) / (2 * Step);
            double relative = Math.Abs(backprop - numeric) / Math.Max(RelativeFloor, Math.Max(Math.Abs(backprop), Math.Abs(numeric)));
            Assert.True(relative < MaxRelativeError,
                $"{description}: parameter {p}: backprop {backprop:R}, finite difference {numeric:R}, relative error {relative:E2}");
        }
    }

    private static double[] Shifted(double[] parameters, int index, double delta)
    {
        double[] shifted = (double[])parameters.Clone();
        shifted[index] += delta;
        return shifted;
    }
}
