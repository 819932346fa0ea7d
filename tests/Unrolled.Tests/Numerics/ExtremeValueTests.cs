namespace Unrolled.Tests.Numerics;

/// <summary>
/// Activations at extreme pre-activations: exp overflows or underflows there, and the written-out
/// formulas must still give exactly 0, 1 or -1, never NaN, one row at a time and in the SIMD paths.
/// </summary>
public sealed class ExtremeValueTests
{
    [Theory]
    [InlineData(1000, 1.0)]
    [InlineData(-1000, 0.0)]
    [InlineData(1e300, 1.0)]
    [InlineData(-1e300, 0.0)]
    public void Sigmoid_saturates_to_exactly_0_or_1(double z, double expected)
    {
        var network = new EdgeSigmoid();
        network.SetParameters([z, 0]);
        double[] output = new double[1];
        network.Predict([1.0], output);
        Assert.Equal(expected, output[0]);
        double[] batch = new double[16];
        network.PredictBatch(Enumerable.Repeat(1.0, 16).ToArray(), batch);
        Assert.All(batch, o => Assert.Equal(expected, o));
        Assert.True(double.IsFinite(network.Train([1.0], [0.5], 0.1)));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1e300)]
    public void Softmax_saturates_to_exactly_one_hot_and_its_loss_stays_finite(double z)
    {
        var network = new EdgeSoftmax();
        network.SetParameters([z, -z, 0, 0]);
        double[] output = new double[2];
        network.Predict([1.0], output);
        Assert.Equal([1.0, 0.0], output);
        double[] batch = new double[32];
        network.PredictBatch(Enumerable.Repeat(1.0, 16).ToArray(), batch);
        Assert.All(Enumerable.Range(0, 16), row => Assert.Equal([1.0, 0.0], batch.AsSpan(row * 2, 2).ToArray()));
        double loss = network.Train([1.0], [0.0, 1.0], 0.1);
        Assert.True(double.IsFinite(loss), $"loss {loss}");
    }

    [Theory]
    [InlineData(1000, 1.0)]
    [InlineData(-1000, -1.0)]
    public void Tanh_saturates_to_exactly_minus_1_or_1(double z, double expected)
    {
        var network = new EdgeTanh();
        network.SetParameters([z, 0]);
        double[] output = new double[1];
        network.Predict([1.0], output);
        Assert.Equal(expected, output[0]);
        double[] batch = new double[16];
        network.PredictBatch(Enumerable.Repeat(1.0, 16).ToArray(), batch);
        Assert.All(batch, o => Assert.Equal(expected, o));
    }
}
