using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Runtime;

/// <summary>The training helper stops with a clear message on NaN or divergence, and gives the last good network back.</summary>
public sealed class NetworkTrainingTests
{
    private static readonly double[] s_inputs = [0, 0, 0, 1, 1, 0, 1, 1];
    private static readonly double[] s_targets = [0, 1, 1, 0];

    [Fact]
    public void Training_that_goes_well_returns_the_last_epochs_mean_loss()
    {
        var network = new XorNetwork();
        network.Randomize(4);
        double loss = NetworkTraining.TrainEpochs(network, s_inputs, s_targets, 0.5, epochs: 5_000);
        Assert.InRange(loss, 0, 0.01);
    }

    [Fact]
    public void A_NaN_in_the_data_stops_training_and_restores_the_last_good_epoch()
    {
        var network = new XorNetwork();
        network.Randomize(4);
        double[] before = NetworkParameters.Of(network);
        double[] inputs = (double[])s_inputs.Clone();
        inputs[5] = double.NaN; // row 2
        var error = Assert.Throws<InvalidOperationException>(() => NetworkTraining.TrainEpochs(network, inputs, s_targets, 0.5, epochs: 10));
        Assert.Contains("epoch 1, row 2: the loss is NaN", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, NetworkParameters.Of(network));
    }

    [Fact]
    public void A_learning_rate_far_too_large_is_reported_as_divergence_with_a_finite_network_left()
    {
        INetwork network = OptionNetworks.Create(1, 0); // ReLU hidden, linear output: nothing bounds the outputs
        network.Randomize(2);
        double[] inputs = [.. Enumerable.Range(0, 6 * network.InputCount).Select(i => (i % 5) - 2.0)];
        double[] targets = [.. Enumerable.Range(0, 6 * network.OutputCount).Select(i => i % 3 * 10.0)];
        var error = Assert.Throws<InvalidOperationException>(() => NetworkTraining.TrainEpochs(network, inputs, targets, 5.0, epochs: 1_000));
        Assert.True(error.Message.Contains("diverged", StringComparison.Ordinal) || error.Message.Contains("the loss is", StringComparison.Ordinal), error.Message);
        Assert.Contains("lower the learning rate", error.Message, StringComparison.Ordinal);
        Assert.All(NetworkParameters.Of(network), p => Assert.True(double.IsFinite(p)));
    }

    [Fact]
    public void A_parameter_that_overflows_behind_a_finite_loss_stops_training_and_restores_the_last_good_epoch()
    {
        // With every parameter 0.1 and inputs of 10, the hidden activations are 3.1 and the output's
        // z is 1.65. A cross-entropy target of 1e308 is finite, and so is the loss, about -1.65e308,
        // but the output delta o - t is about -1e308 and the gradient d * 3.1 overflows to infinity.
        INetwork network = OptionNetworks.Create(8, 0); // 3-5-2, LeakyReLU, sigmoid output, cross-entropy, momentum
        network.SetParameters([.. Enumerable.Repeat(0.1, network.ParameterCount)]);
        double[] before = NetworkParameters.Of(network);
        double[] inputs = [10, 10, 10];
        double[] targets = [1e308, 0];
        var error = Assert.Throws<InvalidOperationException>(() => NetworkTraining.TrainEpochs(network, inputs, targets, 0.1, epochs: 3));
        Assert.Contains("epoch 1: a parameter overflowed", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, NetworkParameters.Of(network));
    }
}
