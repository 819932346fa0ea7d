namespace Unrolled.Tests.Runtime;

/// <summary>SplitMix64 must match the published algorithm bit for bit, or seeds mean something else here than elsewhere.</summary>
public sealed class SplitMix64Tests
{
    [Fact]
    public void Matches_the_reference_sequence_for_seed_1234567()
    {
        // From the reference implementation (Vigna, splitmix64.c) started at 1234567.
        var random = new SplitMix64(1234567);
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => random.NextUInt64()));
    }

    [Fact]
    public void Matches_the_reference_first_output_for_seed_0()
    {
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
    }

    [Fact]
    public void NextDouble_uses_the_top_53_bits()
    {
        var bits = new SplitMix64(42);
        var doubles = new SplitMix64(42);
        for (int i = 0; i < 1000; i++)
        {
            double expected = (bits.NextUInt64() >> 11) / 9007199254740992.0;
            Assert.Equal(expected, doubles.NextDouble());
        }
    }

    [Fact]
    public void NextSymmetric_stays_within_the_limit_and_covers_both_signs()
    {
        var random = new SplitMix64(5);
        double[] values = [.. Enumerable.Range(0, 10_000).Select(_ => random.NextSymmetric(0.75))];
        Assert.All(values, v => Assert.InRange(v, -0.75, 0.75));
        Assert.True(values.Min() < -0.7 && values.Max() > 0.7);
    }

    [Fact]
    public void Randomize_follows_the_documented_recipe()
    {
        // Weights in parameter order from NextSymmetric(sqrt(6 / (fanIn + fanOut))), biases zero.
        var network = new Numerics.XorNetwork();
        network.Randomize(99);
        double[] actual = new double[Numerics.XorNetwork.ParameterCount];
        network.CopyParametersTo(actual);

        var random = new SplitMix64(99);
        var expected = new List<double>();
        expected.AddRange(Enumerable.Range(0, 8).Select(_ => random.NextSymmetric(Math.Sqrt(6.0 / (2 + 4)))));
        expected.AddRange(new double[4]);
        expected.AddRange(Enumerable.Range(0, 4).Select(_ => random.NextSymmetric(Math.Sqrt(6.0 / (4 + 1)))));
        expected.Add(0);
        Assert.Equal(expected, actual);
    }
}
