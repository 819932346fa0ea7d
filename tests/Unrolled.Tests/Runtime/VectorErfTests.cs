using System.Runtime.Intrinsics;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Runtime;

/// <summary>
/// The vector overloads of NetworkMath.Erf, for batch kernels, agree lane by lane with the scalar Erf:
/// within 1e-15 for doubles and one float ulp for floats, NaN where it is NaN. Run at every width
/// whether or not the CPU accelerates it (the software fallback must be right too). Below |x| = 1 both
/// evaluate the same polynomial with the same operations, so there the lanes equal the scalar bit for bit.
/// </summary>
public sealed class VectorErfTests
{
    private static readonly double[] Special =
    [
        0.0, -0.0, 1e-300, -1e-300, double.Epsilon, 0.5, -0.999, 1.0, -1.0, Math.BitDecrement(1.0),
        Math.BitIncrement(1.0), 2.5, -3.75, Math.BitDecrement(6.0), 6.0, -6.0, 7.0, 1e300, -1e300,
        double.MaxValue, double.MinValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
    ];

    // The special values, then 4,000 lanes on [-8, 8] and 4,000 random bit patterns.
    private static double[] Arguments()
    {
        var random = new SplitMix64(2121);
        IEnumerable<double> moderate = Enumerable.Range(0, 4000).Select(_ => random.NextSymmetric(8.0));
        IEnumerable<double> anyBits = Enumerable.Range(0, 4000).Select(_ => BitConverter.UInt64BitsToDouble(random.NextUInt64()));
        return [.. Special, .. moderate, .. anyBits];
    }

    [Fact]
    public void Vector128_of_double_matches_the_scalar() => CheckDoubles(2, lanes => Lanes(NetworkMath.Erf(Vector128.Create(lanes))));

    [Fact]
    public void Vector256_of_double_matches_the_scalar() => CheckDoubles(4, lanes => Lanes(NetworkMath.Erf(Vector256.Create(lanes))));

    [Fact]
    public void Vector512_of_double_matches_the_scalar() => CheckDoubles(8, lanes => Lanes(NetworkMath.Erf(Vector512.Create(lanes))));

    [Fact]
    public void Vector128_of_float_matches_the_scalar() => CheckFloats(4, lanes => Lanes(NetworkMath.Erf(Vector128.Create(lanes))));

    [Fact]
    public void Vector256_of_float_matches_the_scalar() => CheckFloats(8, lanes => Lanes(NetworkMath.Erf(Vector256.Create(lanes))));

    [Fact]
    public void Vector512_of_float_matches_the_scalar() => CheckFloats(16, lanes => Lanes(NetworkMath.Erf(Vector512.Create(lanes))));

    [Fact]
    public void The_three_widths_are_one_template()
    {
        // runtime/write_vector_erf.py writes them; a hand edit of one width would make them differ.
        string Read(int width) => File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "runtime", $"NetworkMath.Vector{width}.cs"))
            .Replace($"Vector{width}", "VECTOR", StringComparison.Ordinal);
        Assert.Equal(Read(256), Read(128));
        Assert.Equal(Read(256), Read(512));
    }

    private static T[] Lanes<T>(Vector128<T> vector)
    {
        var lanes = new T[Vector128<T>.Count];
        vector.CopyTo(lanes);
        return lanes;
    }

    private static T[] Lanes<T>(Vector256<T> vector)
    {
        var lanes = new T[Vector256<T>.Count];
        vector.CopyTo(lanes);
        return lanes;
    }

    private static T[] Lanes<T>(Vector512<T> vector)
    {
        var lanes = new T[Vector512<T>.Count];
        vector.CopyTo(lanes);
        return lanes;
    }

    private static void CheckDoubles(int width, Func<double[], double[]> erf)
    {
        double[] arguments = Arguments();
        // Every special value in every lane: shift the window one lane at a time through them.
        for (int start = 0; start + width <= arguments.Length; start += start < Special.Length ? 1 : width)
        {
            double[] lanes = arguments[start..(start + width)];
            double[] result = erf(lanes);
            double[] ofNegated = erf([.. lanes.Select(x => -x)]);
            for (int lane = 0; lane < width; lane++)
            {
                double expected = NetworkMath.Erf(lanes[lane]);
                if (double.IsNaN(expected))
                {
                    Assert.True(double.IsNaN(result[lane]), $"lane {lane}: erf({lanes[lane]:R}) should be NaN");
                    continue;
                }

                Assert.True(Math.Abs(result[lane] - expected) <= 1e-15, $"lane {lane}: erf({lanes[lane]:R}) = {result[lane]:R}, scalar {expected:R}");
                Assert.InRange(result[lane], -1.0, 1.0);
                Assert.Equal(BitConverter.DoubleToUInt64Bits(-result[lane]), BitConverter.DoubleToUInt64Bits(ofNegated[lane]));
                if (Math.Abs(lanes[lane]) < 1.0)
                {
                    Assert.Equal(BitConverter.DoubleToUInt64Bits(expected), BitConverter.DoubleToUInt64Bits(result[lane]));
                }
            }
        }
    }

    private static void CheckFloats(int width, Func<float[], float[]> erf)
    {
        float[] arguments = [.. Arguments().Select(x => (float)x)];
        for (int start = 0; start + width <= arguments.Length; start += start < Special.Length ? 1 : width)
        {
            float[] lanes = arguments[start..(start + width)];
            float[] result = erf(lanes);
            for (int lane = 0; lane < width; lane++)
            {
                float expected = NetworkMath.Erf(lanes[lane]);
                if (float.IsNaN(expected))
                {
                    Assert.True(float.IsNaN(result[lane]), $"lane {lane}: erf({lanes[lane]:R}) should be NaN");
                    continue;
                }

                float ulp = MathF.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
                Assert.True(Math.Abs(result[lane] - expected) <= ulp, $"lane {lane}: erf({lanes[lane]:R}) = {result[lane]:R}, scalar {expected:R}");
                Assert.InRange(result[lane], -1.0f, 1.0f);
            }
        }
    }
}
