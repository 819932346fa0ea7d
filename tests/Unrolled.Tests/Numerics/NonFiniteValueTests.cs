using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// The policy for values that are not finite: a NaN or an infinity in an input, a target, an
/// activation or the loss makes Train and TrainBatch return NaN or infinity and change nothing, the
/// optimizer's state included. Huge finite values are trained on, but never leave a non-finite
/// parameter behind a finite loss. Every option, both layouts and the SIMD batch paths.
/// </summary>
public sealed class NonFiniteValueTests
{
    private static readonly double[] s_notFinite = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];
    // Far beyond any real data; nearer double.MaxValue the update itself overflows and the step is refused (OverflowPropertyTests).
    private static readonly double[] s_huge = [1e300, -1e300];

    public static TheoryData<int, int> Networks()
    {
        var data = new TheoryData<int, int>();
        for (int c = 0; c < OptionNetworks.Configurations.Count; c++)
        {
            for (int t = 0; t < OptionNetworks.Topologies.Count; t++)
            {
                data.Add(c, t);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Train_on_a_NaN_or_infinite_input_or_target_changes_nothing(int configuration, int topology)
    {
        foreach (double bad in s_notFinite)
        {
            (INetwork network, INetwork twin, double rate) = TrainedPair(configuration, topology);
            double[] input = Row(network.InputCount, 1);
            double[] target = Row(network.OutputCount, 2);
            for (int position = 0; position < network.InputCount + network.OutputCount; position++)
            {
                double[] badInput = (double[])input.Clone();
                double[] badTarget = (double[])target.Clone();
                if (position < network.InputCount)
                {
                    badInput[position] = bad;
                }
                else
                {
                    badTarget[position - network.InputCount] = bad;
                }

                double loss = network.Train(badInput, badTarget, rate);
                string what = $"{OptionNetworks.Describe(configuration, topology)}, {bad} at {(position < network.InputCount ? "input" : "target")} {position}";
                Assert.False(double.IsFinite(loss), $"{what}: the loss {loss} is finite");
                AssertSameState(twin, network, input, target, rate, what);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void TrainBatch_with_a_NaN_or_infinity_in_any_row_changes_nothing(int configuration, int topology)
    {
        const int Rows = 9; // two blocks of four rows at once, then one row alone
        foreach (double bad in s_notFinite)
        {
            foreach (int badRow in new[] { 1, 8 })
            {
                (INetwork network, INetwork twin, double rate) = TrainedPair(configuration, topology);
                double[] inputs = Row(Rows * network.InputCount, 3);
                double[] targets = Row(Rows * network.OutputCount, 4);
                double[] badInputs = (double[])inputs.Clone();
                double[] badTargets = (double[])targets.Clone();
                if (badRow == 1)
                {
                    badInputs[(badRow * network.InputCount) + network.InputCount - 1] = bad;
                }
                else
                {
                    badTargets[badRow * network.OutputCount] = bad;
                }

                double loss = network.TrainBatch(badInputs, badTargets, rate);
                string what = $"{OptionNetworks.Describe(configuration, topology)}, {bad} in row {badRow}";
                Assert.False(double.IsFinite(loss), $"{what}: the mean loss {loss} is finite");
                Assert.Equal(NetworkParameters.Of(twin), NetworkParameters.Of(network));
                Assert.Equal(twin.TrainBatch(inputs, targets, rate), network.TrainBatch(inputs, targets, rate));
                Assert.Equal(NetworkParameters.Of(twin), NetworkParameters.Of(network));
            }
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Blocked_TrainBatch_refuses_a_non_finite_input_even_when_every_weight_it_meets_is_zero(double bad)
    {
        // The blocked TrainBatch has no pass over the inputs: it relies on a NaN or infinite input making every z
        // of layer 1 NaN or infinite. With every weight 0, infinity times 0 is NaN, so even then.
        INetwork network = NetworkAssembly.Build("[Unrolled.Network(16, 12, 10, 3)] public partial class ZeroBlocked;").Create("ZeroBlocked");
        network.SetParameters(new double[network.ParameterCount]);
        double[] inputs = Row(5 * network.InputCount, 3);
        inputs[(2 * network.InputCount) + 7] = bad;
        double loss = network.TrainBatch(inputs, Row(5 * network.OutputCount, 4), 0.5);
        Assert.False(double.IsFinite(loss), $"the mean loss {loss} is finite");
        Assert.All(NetworkParameters.Of(network), p => Assert.Equal(0.0, p));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Huge_finite_values_never_leave_a_non_finite_parameter_behind_a_finite_loss(int configuration, int topology)
    {
        foreach (double huge in s_huge)
        {
            for (int position = 0; position < 3; position++)
            {
                (INetwork network, _, double rate) = TrainedPair(configuration, topology);
                double[] input = Row(network.InputCount, 5);
                double[] target = Row(network.OutputCount, 6);
                if (position < 2)
                {
                    input[position * (network.InputCount - 1)] = huge;
                }
                else
                {
                    target[0] = huge;
                }

                double[] before = NetworkParameters.Of(network);
                double loss = network.Train(input, target, rate);
                double[] after = NetworkParameters.Of(network);
                string what = $"{OptionNetworks.Describe(configuration, topology)}, {huge} at position {position}: loss {loss}";
                if (double.IsFinite(loss))
                {
                    Assert.True(after.All(double.IsFinite), $"{what}, but a parameter is not finite");
                }
                else
                {
                    Assert.True(before.SequenceEqual(after), $"{what}, and the parameters changed");
                }
            }
        }
    }

    [Fact]
    public void Float_networks_reject_NaN_and_infinity_too_in_both_layouts()
    {
        foreach (ISingleNetwork network in new ISingleNetwork[] { new SingleXorNetwork(), new SingleScaleNetwork() })
        {
            network.Randomize(7);
            float[] before = new float[network.ParameterCount];
            network.CopyParametersTo(before);
            float[] input = new float[network.InputCount];
            float[] target = new float[network.OutputCount];
            input[^1] = float.NaN;
            Assert.True(float.IsNaN(network.Train(input, target, 0.1f)));
            input[^1] = 0;
            target[0] = float.PositiveInfinity;
            Assert.False(float.IsFinite(network.TrainBatch([.. input, .. input, .. input, .. input, .. input], [.. target, .. target, .. target, .. target, .. target], 0.1f)));
            float[] after = new float[network.ParameterCount];
            network.CopyParametersTo(after);
            Assert.Equal(before, after);
        }
    }

    [Fact]
    public void A_default_network_rejects_an_infinite_input_the_sigmoid_would_hide_from_the_loss()
    {
        // sigmoid(+inf) is exactly 1, so the loss of this sample is finite; without the check the
        // update would write inf * 0 = NaN into the first layer's weights.
        var network = new XorNetwork();
        network.Randomize(1);
        double[] before = new double[XorNetwork.ParameterCount];
        network.CopyParametersTo(before);
        Assert.True(double.IsNaN(network.Train([double.PositiveInfinity, 0], [1], 0.5)));
        double[] after = new double[XorNetwork.ParameterCount];
        network.CopyParametersTo(after);
        Assert.Equal(before, after);
    }

    // Two networks with the same parameters and optimizer state, a few steps into training so that
    // Momentum's velocities and Adam's moments are not zero.
    private static (INetwork Network, INetwork Twin, double Rate) TrainedPair(int configuration, int topology)
    {
        double rate = OptionNetworks.LearningRate(configuration, topology);
        INetwork network = OptionNetworks.Create(configuration, topology);
        INetwork twin = OptionNetworks.Create(configuration, topology);
        foreach (INetwork n in new[] { network, twin })
        {
            n.Randomize(11);
            for (int step = 0; step < 3; step++)
            {
                n.Train(Row(n.InputCount, step), Row(n.OutputCount, step + 10), rate);
            }
        }

        return (network, twin, rate);
    }

    // Same parameters now, and the same after one more good step: the optimizer's state is the same too.
    private static void AssertSameState(INetwork expected, INetwork actual, double[] input, double[] target, double rate, string what)
    {
        Assert.True(NetworkParameters.Of(expected).SequenceEqual(NetworkParameters.Of(actual)), $"{what}: the parameters changed");
        expected.Train(input, target, rate);
        actual.Train(input, target, rate);
        Assert.True(NetworkParameters.Of(expected).SequenceEqual(NetworkParameters.Of(actual)), $"{what}: the optimizer's state changed");
    }

    // Values in (0.1, 0.9) that differ from position to position and from seed to seed.
    private static double[] Row(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => 0.5 + (0.4 * Math.Sin((seed * 7.1) + (i * 1.3))))];
}
