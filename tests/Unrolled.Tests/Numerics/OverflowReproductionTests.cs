namespace Unrolled.Tests.Numerics;

/// <summary>
/// Finite arguments whose update overflowed: each put NaN or infinity into the parameters or the
/// optimizer's state before the step checked its new values. Now each step either leaves every
/// value finite or changes nothing and returns NaN or infinity.
/// </summary>
public sealed class OverflowReproductionTests
{
    private static readonly double[][] s_xorInputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
    private static readonly double[][] s_xorTargets = [[0], [1], [1], [0]];

    [Fact]
    public void An_input_near_double_MaxValue_after_eight_ordinary_steps_leaves_no_NaN()
    {
        var network = new XorNetwork();
        network.Randomize(690);
        for (int step = 0; step < 8; step++)
        {
            network.Train(s_xorInputs[step % 4], s_xorTargets[step % 4], 0.5);
        }

        AssertFiniteOrUnchanged(network, n => n.Train([0, 1.797e308], [0], 10));
    }

    [Fact]
    public void An_input_of_1e308_at_learning_rate_2_leaves_no_NaN()
    {
        var network = new XorNetwork();
        network.Randomize(1);
        AssertFiniteOrUnchanged(network, n => n.Train([1e308, 0], [0.5], 2.0));
    }

    [Fact]
    public void A_learning_rate_of_1e308_leaves_no_infinity()
    {
        var network = new XorNetwork();
        network.Randomize(1);
        AssertFiniteOrUnchanged(network, n => n.Train([2, 2], [0], 1e308));
    }

    [Fact]
    public void A_float_input_of_3e38_leaves_no_NaN()
    {
        var network = new SingleXorNetwork();
        network.Randomize(1);
        float[] before = Parameters(network);
        float loss = network.Train([3e38f, 0], [0.5f], 2f);
        float[] after = Parameters(network);
        if (float.IsFinite(loss))
        {
            Assert.True(after.All(float.IsFinite), $"loss {loss}, but a parameter is {after.First(p => !float.IsFinite(p))}");
        }
        else
        {
            Assert.Equal(before, after);
        }
    }

    [Fact]
    public void A_huge_Momentum_step_leaves_no_velocity_that_turns_the_next_ordinary_step_NaN()
    {
        var network = new ReluMomentumNetwork();
        network.Randomize(0);
        AssertFiniteOrUnchanged(network, n => n.Train([1e154, 0, 0], [0, 0], 0.1));
        AssertFiniteOrUnchanged(network, n => n.Train([0.5, 0.2, 0.1], [0, 1], 0.1));
    }

    // The step either kept every parameter and state value finite, or returned NaN or infinity
    // and left the saved bytes (parameters and optimizer state) as they were.
    private static void AssertFiniteOrUnchanged<TNetwork>(TNetwork network, Func<TNetwork, double> step)
        where TNetwork : INetwork
    {
        byte[] before = Infrastructure.NetworkState.Bytes(network.Save);
        double loss = step(network);
        byte[] after = Infrastructure.NetworkState.Bytes(network.Save);
        if (double.IsFinite(loss))
        {
            double[] numbers = Infrastructure.NetworkState.Numbers(after, Describe(network));
            Assert.True(numbers.All(double.IsFinite), $"loss {loss}, but the parameters and state are [{string.Join(", ", numbers)}]");
        }
        else
        {
            Assert.True(before.SequenceEqual(after), $"loss {loss}, and the network changed");
        }
    }

    private static NetworkDescription Describe(INetwork network) => network switch
    {
        XorNetwork => new NetworkDescription([2, 4, 1], Activation.Sigmoid, Activation.Sigmoid, Loss.SquaredError, Optimizer.Sgd, Precision.Double),
        ReluMomentumNetwork => new NetworkDescription([3, 5, 2], Activation.ReLU, Activation.Linear, Loss.SquaredError, Optimizer.Momentum, Precision.Double),
        _ => throw new ArgumentOutOfRangeException(nameof(network), network.GetType().Name, "No description for this test network."),
    };

    private static float[] Parameters(SingleXorNetwork network)
    {
        float[] parameters = new float[SingleXorNetwork.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }
}
