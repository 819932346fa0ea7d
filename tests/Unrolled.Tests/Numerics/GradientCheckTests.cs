using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// Backpropagation against calculus: the gradient the generated Train applies must equal the
/// central finite difference of the loss, for every parameter of many random topologies.
/// </summary>
public sealed class GradientCheckTests
{
    private const double Step = 1e-5;
    private const double MaxRelativeError = 1e-6;

    // Below this size a gradient is compared absolutely: central differences carry ~1e-11 of
    // rounding noise, which would dominate a relative error of a gradient that is nearly zero.
    private const double RelativeFloor = 1e-4;

    public static TheoryData<int> Topologies() => [.. Enumerable.Range(0, TestTopologies.Count)];

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Backpropagated_gradient_matches_central_finite_differences(int index)
    {
        INetwork network = TestTopologies.Create(index);
        var random = new Random(index);
        network.Randomize((ulong)index + 1);
        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        // Non-zero biases, so their gradients and the bias paths are exercised too.
        for (int p = 0; p < parameters.Length; p++)
        {
            parameters[p] += (random.NextDouble() - 0.5) * 0.5;
        }

        double[] input = [.. Enumerable.Range(0, network.InputCount).Select(_ => (random.NextDouble() * 2) - 1)];
        double[] target = [.. Enumerable.Range(0, network.OutputCount).Select(_ => random.NextDouble())];

        // With learning rate 1, Train moves each parameter by exactly minus its gradient.
        network.SetParameters(parameters);
        network.Train(input, target, learningRate: 1.0);
        double[] after = new double[network.ParameterCount];
        network.CopyParametersTo(after);

        foreach (int p in TestTopologies.CheckedParameters(parameters.Length))
        {
            double backprop = parameters[p] - after[p];
            double numeric = (Loss(network, parameters, p, +Step, input, target) - Loss(network, parameters, p, -Step, input, target)) / (2 * Step);
            double relative = Math.Abs(backprop - numeric) / Math.Max(RelativeFloor, Math.Max(Math.Abs(backprop), Math.Abs(numeric)));
            Assert.True(relative < MaxRelativeError,
                $"{TestTopologies.Describe(index)}: parameter {p}: backprop {backprop:R}, finite difference {numeric:R}, relative error {relative:E2}");
        }
    }

    private static double Loss(INetwork network, double[] parameters, int index, double delta, double[] input, double[] target)
    {
        double[] shifted = (double[])parameters.Clone();
        shifted[index] += delta;
        network.SetParameters(shifted);
        double[] output = new double[network.OutputCount];
        network.Predict(input, output);
        double squares = 0;
        for (int k = 0; k < output.Length; k++)
        {
            squares += (output[k] - target[k]) * (output[k] - target[k]);
        }

        return 0.5 * squares;
    }
}
