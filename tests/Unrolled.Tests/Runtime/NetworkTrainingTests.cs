using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Runtime;

/// <summary>
/// The training helper stops with a clear message on NaN or divergence, and gives the last good
/// network back, optimizer state included; the same for double and float networks.
/// </summary>
public sealed class NetworkTrainingTests
{
    private static readonly double[] s_inputs = [0, 0, 0, 1, 1, 0, 1, 1];
    private static readonly double[] s_targets = [0, 1, 1, 0];

    // Six rows a 2-4-1 regression network cannot fit at a learning rate far too large.
    private static readonly double[] s_regressionInputs = [.. Enumerable.Range(0, 12).Select(i => (i % 5) - 2.0)];
    private static readonly double[] s_regressionTargets = [.. Enumerable.Range(0, 6).Select(i => i % 3 * 10.0)];

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
        inputs[5] = double.NaN; // the third row: row 3 counted from 1
        var error = Assert.Throws<InvalidOperationException>(() => NetworkTraining.TrainEpochs(network, inputs, s_targets, 0.5, epochs: 10));
        Assert.Contains("epoch 1 of 10, at row 3 of 4 (epochs and rows counted from 1): Train returned NaN", error.Message, StringComparison.Ordinal);
        Assert.Contains("back where it was before the first epoch;", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 0", error.Message, StringComparison.Ordinal);
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
        Assert.True(error.Message.Contains("diverged", StringComparison.Ordinal) || error.Message.Contains("Train returned", StringComparison.Ordinal), error.Message);
        Assert.Contains("lower the learning rate", error.Message, StringComparison.Ordinal);
        Assert.All(NetworkParameters.Of(network), p => Assert.True(double.IsFinite(p)));
    }

    [Fact]
    public void A_parameter_that_overflows_behind_a_finite_loss_stops_training_and_restores_the_last_good_epoch()
    {
        // With every parameter 0.1 and inputs of 10, the hidden activations are 3.1 and the output's
        // z is 1.65. A cross-entropy target of 1e308 is finite, and so is the loss, about -1.65e308,
        // but the output delta o - t is about -1e308 and the gradient d * 3.1 overflows to infinity.
        // Train refuses that step and returns NaN, so training stops at its loss.
        INetwork network = OptionNetworks.Create(8, 0); // 3-5-2, LeakyReLU, sigmoid output, cross-entropy, momentum
        network.SetParameters([.. Enumerable.Repeat(0.1, network.ParameterCount)]);
        double[] before = NetworkParameters.Of(network);
        double[] inputs = [10, 10, 10];
        double[] targets = [1e308, 0];
        var error = Assert.Throws<InvalidOperationException>(() => NetworkTraining.TrainEpochs(network, inputs, targets, 0.1, epochs: 3));
        Assert.Contains("in epoch 1 of 3, at row 1 of 1 (epochs and rows counted from 1): Train returned NaN, so that step changed nothing", error.Message, StringComparison.Ordinal);
        Assert.Contains("values so large that the step would overflow", error.Message, StringComparison.Ordinal);
        Assert.Contains("back where it was before the first epoch;", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, NetworkParameters.Of(network));
    }

    [Fact]
    public void After_a_diverging_epoch_a_momentum_network_is_byte_for_byte_its_save_after_the_last_good_epoch() =>
        AssertRestoresTheLastGoodEpoch(() => new MomentumRegression(), learningRate: 0.01, NetworkTraining.DefaultDivergenceFactor, goodEpochs: 4);

    [Fact]
    public void After_a_diverging_epoch_an_Adam_network_is_byte_for_byte_its_save_after_the_last_good_epoch() =>
        AssertRestoresTheLastGoodEpoch(() => new AdamRegression(), learningRate: 1, divergenceFactor: 2, goodEpochs: 2);

    [Fact]
    public void Float_training_that_goes_well_returns_the_last_epochs_mean_loss()
    {
        var network = new SingleXorNetwork();
        network.Randomize(4);
        float loss = NetworkTraining.TrainEpochs(network, Floats(s_inputs), Floats(s_targets), 0.5f, epochs: 5_000);
        Assert.InRange(loss, 0, 0.01f);
    }

    [Fact]
    public void Float_a_NaN_in_the_data_stops_training_and_restores_the_last_good_epoch()
    {
        var network = new SingleXorNetwork();
        network.Randomize(4);
        float[] before = SingleParameters(network);
        float[] inputs = Floats(s_inputs);
        inputs[5] = float.NaN; // the third row: row 3 counted from 1
        var error = Assert.Throws<InvalidOperationException>(() => NetworkTraining.TrainEpochs(network, inputs, Floats(s_targets), 0.5f, epochs: 10));
        Assert.Contains("epoch 1 of 10, at row 3 of 4 (epochs and rows counted from 1): Train returned NaN", error.Message, StringComparison.Ordinal);
        Assert.Contains("back where it was before the first epoch;", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, SingleParameters(network));
    }

    [Fact]
    public void Float_a_learning_rate_far_too_large_is_reported_with_a_finite_network_left()
    {
        var network = new SingleMomentumRegression();
        network.Randomize(3);
        var error = Assert.Throws<InvalidOperationException>(() => NetworkTraining.TrainEpochs(network, Floats(s_regressionInputs), Floats(s_regressionTargets), 5f, epochs: 1_000));
        Assert.True(error.Message.Contains("diverged", StringComparison.Ordinal) || error.Message.Contains("Train returned", StringComparison.Ordinal), error.Message);
        Assert.Contains("lower the learning rate (5)", error.Message, StringComparison.Ordinal);
        Assert.All(SingleParameters(network), p => Assert.True(float.IsFinite(p)));
    }

    [Fact]
    public void Float_a_parameter_that_overflows_behind_a_finite_loss_stops_training_and_restores_the_last_good_epoch()
    {
        // With every parameter 0.1 and inputs of 100, the hidden activations are 30.1 and the output's
        // z is 15.15. A cross-entropy target of 1.5e37 keeps the loss, about -15.15 * 1.5e37, below
        // float's 3.4e38, but the output weights' gradient (o - t) * 30.1 is about -4.5e38: infinity.
        // Train refuses that step and returns NaN, so training stops at its loss.
        var network = new SingleCrossEntropyMomentum();
        network.SetParameters([.. Enumerable.Repeat(0.1f, SingleCrossEntropyMomentum.ParameterCount)]);
        float[] before = SingleParameters(network);
        var error = Assert.Throws<InvalidOperationException>(() => NetworkTraining.TrainEpochs(network, [100, 100, 100], [1.5e37f, 0], 0.1f, epochs: 3));
        Assert.Contains("in epoch 1 of 3, at row 1 of 1 (epochs and rows counted from 1): Train returned NaN, so that step changed nothing", error.Message, StringComparison.Ordinal);
        Assert.Contains("values so large that the step would overflow", error.Message, StringComparison.Ordinal);
        Assert.Contains("back where it was before the first epoch;", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, SingleParameters(network));
    }

    [Fact]
    public void Float_after_a_diverging_epoch_an_Adam_network_is_byte_for_byte_its_save_after_the_last_good_epoch() =>
        AssertRestoresTheLastGoodEpoch(() => new SingleAdamRegression(), learningRate: 1, divergenceFactor: 2, goodEpochs: 2);

    [Fact]
    public void Float_after_a_diverging_epoch_a_momentum_network_is_byte_for_byte_its_save_after_the_last_good_epoch() =>
        AssertRestoresTheLastGoodEpoch(() => new SingleMomentumRegression(), learningRate: 0.01f, NetworkTraining.DefaultDivergenceFactor, goodEpochs: 4);

    // The whole saved file, optimizer state included, must be the one a twin saves after training
    // the good epochs only. The same parameters with a fresh optimizer must save differently, or the
    // comparison could not tell a restored optimizer from a reset one.
    private static void AssertRestoresTheLastGoodEpoch(Func<INetwork> create, double learningRate, double divergenceFactor, int goodEpochs)
    {
        INetwork network = create();
        network.Randomize(3);
        var error = Assert.Throws<InvalidOperationException>(() =>
            NetworkTraining.TrainEpochs(network, s_regressionInputs, s_regressionTargets, learningRate, epochs: 1_000, divergenceFactor));
        Assert.Contains($"diverged in epoch {goodEpochs + 1} of 1000 (counted from 1):", error.Message, StringComparison.Ordinal);
        Assert.Contains($"back where it was after epoch {goodEpochs};", error.Message, StringComparison.Ordinal);

        INetwork twin = create();
        twin.Randomize(3);
        NetworkTraining.TrainEpochs(twin, s_regressionInputs, s_regressionTargets, learningRate, goodEpochs, divergenceFactor);
        INetwork fresh = create();
        fresh.SetParameters(NetworkParameters.Of(twin));
        Assert.NotEqual(Saved(twin.Save), Saved(fresh.Save));

        Assert.Equal(Saved(twin.Save), Saved(network.Save));
    }

    private static void AssertRestoresTheLastGoodEpoch(Func<ISingleNetwork> create, float learningRate, double divergenceFactor, int goodEpochs)
    {
        ISingleNetwork network = create();
        network.Randomize(3);
        var error = Assert.Throws<InvalidOperationException>(() =>
            NetworkTraining.TrainEpochs(network, Floats(s_regressionInputs), Floats(s_regressionTargets), learningRate, epochs: 1_000, divergenceFactor));
        Assert.Contains($"diverged in epoch {goodEpochs + 1} of 1000 (counted from 1):", error.Message, StringComparison.Ordinal);
        Assert.Contains($"back where it was after epoch {goodEpochs};", error.Message, StringComparison.Ordinal);

        ISingleNetwork twin = create();
        twin.Randomize(3);
        NetworkTraining.TrainEpochs(twin, Floats(s_regressionInputs), Floats(s_regressionTargets), learningRate, goodEpochs, divergenceFactor);
        ISingleNetwork fresh = create();
        fresh.SetParameters(SingleParameters(twin));
        Assert.NotEqual(Saved(twin.Save), Saved(fresh.Save));

        Assert.Equal(Saved(twin.Save), Saved(network.Save));
    }

    private static byte[] Saved(Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return stream.ToArray();
    }

    private static float[] Floats(double[] values) => [.. values.Select(v => (float)v)];

    private static float[] SingleParameters(ISingleNetwork network)
    {
        float[] parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }
}
