namespace Unrolled.Tests.Runtime;

/// <summary>
/// NetworkMath.GeluDerivative, the slope of 0.5 z (1 + erf(z / sqrt 2)) that GELU's backpropagation uses:
/// it agrees with the GELU built on Erf, with the closed form, and has no NaN at any size of z.
/// </summary>
public sealed class GeluDerivativeTests
{
    private static double Gelu(double z) => 0.5 * z * (1.0 + NetworkMath.Erf(z / Math.Sqrt(2.0)));

    [Fact]
    public void Matches_central_differences_of_the_gelu_built_on_Erf()
    {
        const double h = 1e-5;
        for (double z = -8.0; z <= 8.0; z += 0.01)
        {
            double difference = (Gelu(z + h) - Gelu(z - h)) / (2 * h);
            Assert.Equal(difference, NetworkMath.GeluDerivative(z), 1e-8);
            Assert.Equal(difference, NetworkMath.GeluDerivative((float)z), 1e-5);
        }
    }

    // 0.5 (1 + erf(z / sqrt 2)) + z exp(-z^2 / 2) / sqrt(2 pi), by mpmath at 40 digits.
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(0.5, 0.8674951246561628425)]
    [InlineData(1.0, 1.0833154705876862984)]
    [InlineData(-1.0, -0.0833154705876862984)]
    [InlineData(2.0, 1.0852318010781968967)]
    [InlineData(-3.0, -0.0119456472041839270)]
    public void Matches_the_closed_form(double z, double expected)
    {
        Assert.Equal(expected, NetworkMath.GeluDerivative(z), 1e-15);
        Assert.Equal((float)expected, NetworkMath.GeluDerivative((float)z), 1e-7);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, 1.0)]
    [InlineData(double.MaxValue, 1.0)]
    [InlineData(1e200, 1.0)]
    [InlineData(40.0, 1.0)]
    [InlineData(-40.0, 0.0)]
    [InlineData(-1e200, 0.0)]
    [InlineData(double.MinValue, 0.0)]
    [InlineData(double.NegativeInfinity, 0.0)]
    public void Reaches_its_limits_without_NaN(double z, double expected)
    {
        Assert.Equal(expected, NetworkMath.GeluDerivative(z));
        Assert.Equal((float)expected, NetworkMath.GeluDerivative((float)z));
    }

    [Fact]
    public void NaN_gives_NaN()
    {
        Assert.True(double.IsNaN(NetworkMath.GeluDerivative(double.NaN)));
        Assert.True(float.IsNaN(NetworkMath.GeluDerivative(float.NaN)));
    }
}
