using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// Backpropagation against calculus: the gradient the generated Train applies must equal the
/// central finite difference of the loss, for every parameter of many random topologies.
/// </summary>
public sealed class GradientCheckTests
{
    public static TheoryData<int> Topologies() => [.. Enumerable.Range(0, TestTopologies.Count)];

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Backpropagated_gradient_matches_central_finite_differences(int index)
    {
        INetwork network = TestTopologies.Create(index);
        network.Randomize((ulong)index + 1);
        GradientCheck.AssertMatchesFiniteDifferences(network, new Random(index), (parameters, input, target) => Loss(network, parameters, input, target), TestTopologies.Describe(index));
    }

    // Half the squared error of the network's own prediction with these parameters.
    private static double Loss(INetwork network, double[] parameters, double[] input, double[] target)
    {
        network.SetParameters(parameters);
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
