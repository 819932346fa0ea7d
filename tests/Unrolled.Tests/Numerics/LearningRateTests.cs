using System.Globalization;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// A learning rate that is NaN, infinite, zero or negative is the caller's mistake: Train and
/// TrainBatch throw an ArgumentOutOfRangeException naming learningRate before anything changes,
/// the optimizer's state included. Every option, both layouts, both precisions, the SIMD batch paths.
/// </summary>
public sealed class LearningRateTests
{
    private const int BatchRows = 9; // two blocks of four rows at once, then one row alone

    private static readonly double[] s_bad =
        [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, -double.Epsilon, -0.5, double.MinValue];

    private static readonly float[] s_badSingle =
        [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, -float.Epsilon, -0.5f, float.MinValue];

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
    public void Double_networks_refuse_a_bad_learning_rate_and_change_nothing(int configuration, int topology)
    {
        double rate = OptionNetworks.LearningRate(configuration, topology);
        foreach (bool batch in new[] { false, true })
        {
            foreach (double bad in s_bad)
            {
                string what = $"{OptionNetworks.Describe(configuration, topology)}, {(batch ? "TrainBatch" : "Train")} at {Text(bad)}";
                INetwork network = OptionNetworks.Create(configuration, topology);
                Warm(network, rate);
                int rows = batch ? BatchRows : 1;
                double[] inputs = Row(rows * network.InputCount, 3);
                double[] targets = Row(rows * network.OutputCount, 4);
                byte[] before = Saved(network.Save);
                long[] parametersBefore = Bits(NetworkParameters.Of(network));

                AssertRefused(Text(bad), what, () => _ = batch ? network.TrainBatch(inputs, targets, bad) : network.Train(inputs, targets, bad));

                Assert.True(parametersBefore.SequenceEqual(Bits(NetworkParameters.Of(network))), $"{what}: the parameters changed");
                Assert.True(before.SequenceEqual(Saved(network.Save)), $"{what}: the saved network (parameters and optimizer state) changed");
                INetwork twin = OptionNetworks.Create(configuration, topology);
                twin.Load(new MemoryStream(before));
                double expected = batch ? twin.TrainBatch(inputs, targets, rate) : twin.Train(inputs, targets, rate);
                double actual = batch ? network.TrainBatch(inputs, targets, rate) : network.Train(inputs, targets, rate);
                Assert.Equal(expected, actual);
                Assert.True(Saved(twin.Save).SequenceEqual(Saved(network.Save)), $"{what}: the next step differs from a twin's that never saw the bad rate");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Float_networks_refuse_a_bad_learning_rate_and_change_nothing(int configuration, int topology)
    {
        float rate = (float)OptionNetworks.LearningRate(configuration, topology);
        foreach (bool batch in new[] { false, true })
        {
            foreach (float bad in s_badSingle)
            {
                string what = $"float {OptionNetworks.Describe(configuration, topology)}, {(batch ? "TrainBatch" : "Train")} at {Text(bad)}";
                ISingleNetwork network = OptionNetworks.CreateSingle(configuration, topology);
                Warm(network, rate);
                int rows = batch ? BatchRows : 1;
                float[] inputs = SingleRow(rows * network.InputCount, 3);
                float[] targets = SingleRow(rows * network.OutputCount, 4);
                byte[] before = Saved(network.Save);
                int[] parametersBefore = Bits(SingleParameters(network));

                AssertRefused(Text(bad), what, () => _ = batch ? network.TrainBatch(inputs, targets, bad) : network.Train(inputs, targets, bad));

                Assert.True(parametersBefore.SequenceEqual(Bits(SingleParameters(network))), $"{what}: the parameters changed");
                Assert.True(before.SequenceEqual(Saved(network.Save)), $"{what}: the saved network (parameters and optimizer state) changed");
                ISingleNetwork twin = OptionNetworks.CreateSingle(configuration, topology);
                twin.Load(new MemoryStream(before));
                float expected = batch ? twin.TrainBatch(inputs, targets, rate) : twin.Train(inputs, targets, rate);
                float actual = batch ? network.TrainBatch(inputs, targets, rate) : network.Train(inputs, targets, rate);
                Assert.Equal(expected, actual);
                Assert.True(Saved(twin.Save).SequenceEqual(Saved(network.Save)), $"{what}: the next step differs from a twin's that never saw the bad rate");
            }
        }
    }

    [Fact]
    public void The_smallest_and_largest_positive_finite_rates_are_accepted()
    {
        foreach (double rate in new[] { double.Epsilon, double.MaxValue })
        {
            NetworkGuard.PositiveFinite(rate, "learningRate");
        }

        foreach (float rate in new[] { float.Epsilon, float.MaxValue })
        {
            NetworkGuard.PositiveFinite(rate, "learningRate");
        }

        // The smallest subnormal rate is a real, if useless, step: the generated methods take it.
        var network = new XorNetwork();
        network.Randomize(1);
        Assert.True(double.IsFinite(network.Train([1, 0], [1], double.Epsilon)));
        Assert.True(double.IsFinite(network.TrainBatch([1, 0, 0, 1], [1, 1], double.Epsilon)));
        var single = new SingleXorNetwork();
        single.Randomize(1);
        Assert.True(float.IsFinite(single.Train([1, 0], [1], float.Epsilon)));
        Assert.True(float.IsFinite(single.TrainBatch([1, 0, 0, 1], [1, 1], float.Epsilon)));
    }

    [Fact]
    public void The_guard_formats_a_float_as_the_float_it_is()
    {
        ArgumentOutOfRangeException exception = Assert.Throws<ArgumentOutOfRangeException>(() => NetworkGuard.PositiveFinite(-0.1f, "rate"));
        Assert.Equal("rate", exception.ParamName);
        Assert.StartsWith("'rate' must be a positive finite number, but it is -0.1.", exception.Message, StringComparison.Ordinal);
    }

    private static void AssertRefused(string value, string what, Action call)
    {
        ArgumentOutOfRangeException exception = Assert.Throws<ArgumentOutOfRangeException>(call);
        Assert.True(exception.ParamName == "learningRate", $"{what}: ParamName is {exception.ParamName}");
        Assert.StartsWith($"'learningRate' must be a positive finite number, but it is {value}.", exception.Message, StringComparison.Ordinal);
    }

    // A few steps into training, so that Momentum's velocities and Adam's moments are not zero.
    private static void Warm(INetwork network, double rate)
    {
        network.Randomize(11);
        for (int step = 0; step < 3; step++)
        {
            network.Train(Row(network.InputCount, step), Row(network.OutputCount, step + 10), rate);
        }
    }

    private static void Warm(ISingleNetwork network, float rate)
    {
        network.Randomize(11);
        for (int step = 0; step < 3; step++)
        {
            network.Train(SingleRow(network.InputCount, step), SingleRow(network.OutputCount, step + 10), rate);
        }
    }

    // Everything Save writes, the optimizer's state included.
    private static byte[] Saved(Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return stream.ToArray();
    }

    private static float[] SingleParameters(ISingleNetwork network)
    {
        float[] parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }

    // Bits, not values: 0.0 equals -0.0, and NaN is not equal to itself.
    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    // Values in (0.1, 0.9) that differ from position to position and from seed to seed.
    private static double[] Row(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => 0.5 + (0.4 * Math.Sin((seed * 7.1) + (i * 1.3))))];

    private static float[] SingleRow(int length, int seed) => [.. Row(length, seed).Select(v => (float)v)];
}
