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
        double[] before = Parameters(network);
        double[] inputs = (double[])s_inputs.Clone();
        inputs[5] = double.NaN; // row 2
        var error = Assert.Throws<InvalidOperationException>(() => NetworkTraining.TrainEpochs(network, inputs, s_targets, 0.5, epochs: 10));
        Assert.Contains("epoch 1, row 2: the loss is NaN", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Parameters(network));
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
        Assert.All(Parameters(network), p => Assert.True(double.IsFinite(p)));
    }

    private static double[] Parameters(INetwork network)
    {
        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }
}
