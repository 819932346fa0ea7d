namespace Unrolled.Tests.Runtime;

/// <summary>
/// NetworkMath.Erf, the erf the exact GELU is built on: within 1e-15 of a 192-bit reference everywhere,
/// relatively accurate near 0, odd bit for bit, exact at the limits, never outside [-1, 1].
/// </summary>
public sealed class ErfTests
{
    private const double DoubleTolerance = 1e-15;

    // 20,001 points on [-7, 7], step 7e-4, and the doubles on each side of the interval boundaries 1 and 6.
    public static IEnumerable<double> Grid()
    {
        for (int k = 0; k <= 20_000; k++)
        {
            yield return -7.0 + (14.0 * k / 20_000);
        }

        foreach (double boundary in new[] { 1.0, 6.0 })
        {
            for (double x = boundary, i = 0; i < 8; i++, x = Math.BitDecrement(x))
            {
                yield return x;
                yield return -x;
            }

            for (double x = boundary, i = 0; i < 8; i++, x = Math.BitIncrement(x))
            {
                yield return x;
                yield return -x;
            }
        }
    }

    [Fact]
    public void Double_is_within_1e_15_of_the_reference_on_a_dense_grid_of_minus_7_to_7()
    {
        double worst = 0;
        double worstAt = 0;
        foreach (double x in Grid())
        {
            double error = Math.Abs(ErfReference.Error(NetworkMath.Erf(x), x));
            if (error > worst)
            {
                (worst, worstAt) = (error, x);
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"max |error| {worst:R} at x = {worstAt:R}");
        Assert.True(worst <= DoubleTolerance, $"erf({worstAt:R}) is {worst:R} from the reference");
    }

    [Fact]
    public void Double_has_a_relative_error_of_about_an_ulp_from_1e_40_to_1()
    {
        double worst = 0;
        double worstAt = 0;
        for (double x = 1e-40; x < 1.0; x *= 1.01)
        {
            foreach (double signed in new[] { x, -x })
            {
                double error = Math.Abs(ErfReference.Error(NetworkMath.Erf(signed), signed) / NetworkMath.Erf(signed));
                if (error > worst)
                {
                    (worst, worstAt) = (error, signed);
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"max relative error {worst:R} at x = {worstAt:R}");
        Assert.True(worst <= 3e-16, $"erf({worstAt:R}) is {worst:R} relatively from the reference");
    }

    [Theory]
    [InlineData(1e-300, 1.1283791670955126e-300)]
    [InlineData(1e-10, 1.1283791670955126e-10)]
    [InlineData(-1e-300, -1.1283791670955126e-300)]
    [InlineData(double.Epsilon, double.Epsilon)]
    public void Tiny_arguments_keep_their_digits(double x, double expected)
    {
        Assert.Equal(expected, NetworkMath.Erf(x));
    }

    // Python 3's math.erf.
    [Theory]
    [InlineData(0.25, 0.2763263901682369)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(-0.75, -0.7111556336535151)]
    [InlineData(0.84375, 0.7672256612323416)]
    [InlineData(0.999, 0.8422852702064969)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(1.001, 0.8431154854780762)]
    [InlineData(1.5, 0.9661051464753108)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(-2.5, -0.999593047982555)]
    [InlineData(3.5, 0.9999992569016276)]
    [InlineData(4.0, 0.9999999845827421)]
    [InlineData(5.5, 0.9999999999999927)]
    [InlineData(5.9, 0.9999999999999999)]
    public void Matches_known_values(double x, double expected)
    {
        Assert.Equal(expected, NetworkMath.Erf(x), DoubleTolerance);
    }

    [Theory]
    [InlineData(6.0)]
    [InlineData(7.5)]
    [InlineData(27.0)]
    [InlineData(1e10)]
    [InlineData(1e300)]
    [InlineData(double.MaxValue)]
    [InlineData(double.PositiveInfinity)]
    public void Is_exactly_one_from_6_on_and_minus_one_below_minus_6(double x)
    {
        Assert.Equal(1.0, NetworkMath.Erf(x));
        Assert.Equal(-1.0, NetworkMath.Erf(-x));
        Assert.Equal(1.0f, NetworkMath.Erf((float)x));
        Assert.Equal(-1.0f, NetworkMath.Erf((float)-x));
    }

    [Fact]
    public void NaN_gives_NaN_and_signed_zeros_keep_their_sign()
    {
        Assert.True(double.IsNaN(NetworkMath.Erf(double.NaN)));
        Assert.True(float.IsNaN(NetworkMath.Erf(float.NaN)));
        Assert.Equal(0.0, NetworkMath.Erf(0.0));
        Assert.True(double.IsPositive(NetworkMath.Erf(0.0)));
        Assert.True(double.IsNegative(NetworkMath.Erf(-0.0)));
        Assert.True(float.IsNegative(NetworkMath.Erf(-0.0f)));
    }

    [Fact]
    public void Is_odd_bit_for_bit_and_never_leaves_minus_one_to_one_for_any_bit_pattern()
    {
        var random = new SplitMix64(21);
        for (int i = 0; i < 200_000; i++)
        {
            // Every exponent, not just moderate values: the top bits choose it.
            double x = BitConverter.UInt64BitsToDouble(random.NextUInt64());
            double y = NetworkMath.Erf(x);
            if (double.IsNaN(x))
            {
                Assert.True(double.IsNaN(y));
                continue;
            }

            Assert.Equal(BitConverter.DoubleToUInt64Bits(-y), BitConverter.DoubleToUInt64Bits(NetworkMath.Erf(-x)));
            Assert.InRange(y, -1.0, 1.0);
        }

        foreach (double x in Grid())
        {
            Assert.Equal(-NetworkMath.Erf(x), NetworkMath.Erf(-x));
            Assert.InRange(NetworkMath.Erf(x), -1.0, 1.0);
        }
    }

    [Fact]
    public void Float_is_within_one_float_ulp_of_the_reference()
    {
        double worst = 0;
        double worstUlps = 0;
        foreach (double grid in Grid())
        {
            float x = (float)grid;
            float y = NetworkMath.Erf(x);
            double error = Math.Abs(ErfReference.Error(y, x));
            double ulp = MathF.BitIncrement(Math.Abs(y)) - Math.Abs(y);
            worst = Math.Max(worst, error);
            worstUlps = Math.Max(worstUlps, error / ulp);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"max |error| {worst:R}, {worstUlps:R} float ulps");
        Assert.True(worstUlps <= 1.0, $"float erf is {worstUlps:R} ulps from the reference");
    }
}
