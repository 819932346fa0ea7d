using System.Numerics;
using System.Reflection;
using System.Runtime.Intrinsics;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// A double network's SIMD code calls its own VectorExp, not .NET's Vector.Exp (which the runtime compiles
/// at Tier0 on its first calls, whatever the caller asks). Every lane must be exp to within two units in
/// the last place, subnormal results to within two of the smallest subnormal, and keep exp's 0, infinity
/// and NaN.
/// </summary>
public sealed class VectorExpTests
{
    private static readonly Lazy<NetworkAssembly> s_assembly = new(() => NetworkAssembly.Build("""
        namespace ExpCheck;
        [Unrolled.Network(2, 4, 1)] public partial class StraightLine;
        [Unrolled.Network(32, 64, 10)] public partial class Blocked;
        """));

    // The straight-line methods' branch-free exps at 256 and 512 bits, the blocked loops' exp at Vector<T>'s
    // width (short path, extremes out of line) and at 512 bits (branch-free, scaled by AVX-512's VSCALEFPD).
    public static TheoryData<string> Widths() => ["Vector256", "Vector512", "Vector", "Blocked Vector512"];

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorExp_is_exp_to_two_units_in_the_last_place_in_every_lane(string width)
    {
        Func<double, double> exp = Helper(width);
        double worst = 0;
        double worstAt = 0;
        for (double x = -750; x <= 750; x += 0.00731)
        {
            foreach (double value in new[] { x, x * 1e-9, -x * 1e-3 })
            {
                double expected = Math.Exp(value);
                double actual = exp(value);
                double error = Math.Abs(actual - expected) / Math.Max(Ulp(expected), double.Epsilon);
                if (double.IsInfinity(expected) || expected == 0)
                {
                    Assert.Equal(expected, actual);
                }
                else if (error > worst)
                {
                    worst = error;
                    worstAt = value;
                }
            }
        }

        Assert.True(worst <= 2, $"{width}: {worst:F2} units in the last place at x = {worstAt:R}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorExp_keeps_exps_extremes_and_NaN(string width)
    {
        Func<double, double> exp = Helper(width);
        Assert.Equal(1.0, exp(0));
        Assert.Equal(1.0, exp(-0.0));
        Assert.Equal(double.PositiveInfinity, exp(double.PositiveInfinity));
        Assert.Equal(0.0, exp(double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, exp(709.79));
        Assert.Equal(Math.Exp(709.78), exp(709.78));
        Assert.Equal(0.0, exp(-745.2));
        Assert.Equal(double.Epsilon, exp(-744.5));
        Assert.True(double.IsNaN(exp(double.NaN)));
    }

    [Theory]
    [InlineData("Vector")]
    [InlineData("Blocked Vector512")]
    public void VectorExp_gives_each_lane_its_own_exp_when_another_lane_is_extreme_or_NaN(string width)
    {
        // The blocked layout's Vector<T> exp takes a short path only when every lane is within |x| < 708; one lane
        // beyond, or NaN, sends the whole vector down the full path, which must still give each lane its exp. The
        // 512-bit one clamps every lane: a lane's clamp or NaN must not reach its neighbours.
        double[] specials = [1000, double.NaN, -1000, 708.5, -745.2, double.NegativeInfinity, 709.79, -744.5];
        double[] normals = [0.5, -0.25, 3.0, -20.0, 700.0, -707.9, 1e-9, 0.0];
        int count = width == "Vector" ? Vector<double>.Count : Vector512<double>.Count;
        for (int special = 0; special < count; special++)
        {
            double[] lanes = [.. Enumerable.Range(0, count).Select(i => i == special ? specials[i % specials.Length] : normals[i % normals.Length])];
            double[] result = Lanes(width, lanes);
            for (int lane = 0; lane < lanes.Length; lane++)
            {
                double expected = Math.Exp(lanes[lane]);
                if (double.IsNaN(expected) || double.IsInfinity(expected) || expected == 0)
                {
                    Assert.Equal(expected, result[lane]);
                }
                else
                {
                    Assert.True(Math.Abs(result[lane] - expected) <= 2 * Ulp(expected), $"lane {lane} of {string.Join(", ", lanes)}: {result[lane]:R}, not {expected:R}");
                }
            }
        }
    }

    // The helper of one width, on one lane; the other lanes hold other values, so lanes cannot mix unseen.
    private static Func<double, double> Helper(string width) => width switch
    {
        "Vector256" => x => Lanes(width, [1.5, x, -2.0, x])[1],
        "Vector512" or "Blocked Vector512" => x => Lanes(width, [1.5, -3, 0, 7, x, 2, 1, -1])[4],
        _ => x => Lanes(width, [.. Enumerable.Repeat(x, Vector<double>.Count)])[Vector<double>.Count - 1],
    };

    // Every lane of one width's helper (the straight-line type's for Vector256 and Vector512, the blocked
    // type's for Vector and Blocked Vector512), for the lanes given.
    private static double[] Lanes(string width, double[] lanes)
    {
        Type type = s_assembly.Value.Create(width is "Vector" or "Blocked Vector512" ? "ExpCheck.Blocked" : "ExpCheck.StraightLine").GetType();
        MethodInfo[] helpers = [.. type.GetMethods(BindingFlags.NonPublic | BindingFlags.Static).Where(m => m.Name == "VectorExp")];
        MethodInfo helper(Type parameter) => helpers.Single(m => m.GetParameters()[0].ParameterType == parameter);
        return width switch
        {
            "Vector256" => Read((Vector256<double>)helper(typeof(Vector256<double>)).Invoke(null, [Vector256.Create(lanes)])!),
            "Vector512" or "Blocked Vector512" => Read((Vector512<double>)helper(typeof(Vector512<double>)).Invoke(null, [Vector512.Create(lanes)])!),
            "Vector" => Read((Vector<double>)helper(typeof(Vector<double>)).Invoke(null, [new Vector<double>(lanes)])!),
            _ => throw new ArgumentException($"Unknown width {width}.", nameof(width)),
        };
    }

    private static double[] Read(Vector256<double> vector) => [.. Enumerable.Range(0, Vector256<double>.Count).Select(i => vector[i])];

    private static double[] Read(Vector512<double> vector) => [.. Enumerable.Range(0, Vector512<double>.Count).Select(i => vector[i])];

    private static double[] Read(Vector<double> vector) => [.. Enumerable.Range(0, Vector<double>.Count).Select(i => vector[i])];

    // The spacing of doubles at value's magnitude; for subnormals, the smallest subnormal.
    private static double Ulp(double value) => Math.Max(Math.BitIncrement(Math.Abs(value)) - Math.Abs(value), double.Epsilon);
}
