using System;

namespace Unrolled;

/// <summary>
/// Functions generated networks call that .NET does not provide: the error function erf, which the
/// exact GELU activation <c>0.5 z (1 + erf(z / sqrt 2))</c> (PyTorch's <c>nn.GELU()</c>) is built on,
/// and the GELU's derivative.
/// </summary>
/// <remarks>
/// <para>Erf has an absolute error of at most 1e-15 for every double (the tests measure it against a
/// 192-bit evaluation of erf's Taylor series: 1.8e-16 at worst on [-7, 7]) and a relative error of
/// about one ulp below |x| = 1 (2.1e-16 at worst: erf(1e-300) is 1.1283791670955126e-300, not 0); it is
/// odd bit for bit (<c>Erf(-x) == -Erf(x)</c>) and never leaves [-1, 1].</para>
/// <para>It evaluates one of two polynomials, fitted by <c>runtime/fit_erf.py</c> (weighted least
/// squares refined to near-minimax by Lawson's iteration, in 50-digit arithmetic):</para>
/// <list type="bullet">
/// <item><description>|x| &lt; 1: <c>erf(x) = x P(x^2)</c>. erf is odd with a Taylor series in odd
/// powers, so erf(x) / x is a smooth function of x^2; P, of degree 11, approximates it with a relative
/// error of 3.4e-17 (the rounding of its coefficients to doubles included).</description></item>
/// <item><description>1 &lt;= |x| &lt; 6: <c>erf(x) = 1 - exp(-x^2) R(t)</c>, <c>t = (|x| - 3) / (|x| + 3)</c>.
/// R, of degree 12, approximates the slowly falling erfcx(x) = exp(x^2) erfc(x) over t in [-1/2, 1/3]
/// (the map t keeps [1, 6] close to its centre 3), fitted so that exp(-x^2) R is within 3.1e-18 of
/// erfc(x).</description></item>
/// <item><description>|x| &gt;= 6: erfc(6) = 2.2e-17 is below half an ulp of 1 (5.6e-17), so ±1 is the
/// correctly rounded value.</description></item>
/// </list>
/// <para>Plain multiplications and additions, no fused multiply-adds, so every target framework
/// computes the same polynomial bits. On .NET 8 and later the vector overloads (NetworkMath.Vector128.cs
/// and its siblings) evaluate the same two polynomials in every lane without branches.</para>
/// </remarks>
public static partial class NetworkMath
{
    // Beyond this |x|, erf rounds to ±1 (erfc(6) = 2.2e-17 < 2^-54).
    private const double SaturationBound = 6.0;

    // Where the x P(x^2) interval hands over to 1 - exp(-x^2) R(t).
    private const double SeriesBound = 1.0;

    // The centre of the map t = (|x| - c) / (|x| + c).
    private const double Centre = 3.0;

    private const double InverseSqrtTwo = 0.70710678118654752440;

    // 1 / sqrt(2 pi), the standard normal density at 0.
    private const double InverseSqrtTwoPi = 0.39894228040143267794;

    // P(u) ~ erf(sqrt u) / sqrt u on u = x^2 in [0, 1]; relative error 3.4e-17 (runtime/fit_erf.py).
    private const double P0 = 1.1283791670955126;
    private const double P1 = -0.3761263890318352;
    private const double P2 = 0.11283791670944184;
    private const double P3 = -0.026866170643111368;
    private const double P4 = 0.005223977606117705;
    private const double P5 = -0.0008548325929279078;
    private const double P6 = 0.00012055293575881091;
    private const double P7 = -1.4924712283136159e-05;
    private const double P8 = 1.6447131346609945e-06;
    private const double P9 = -1.620631209644488e-07;
    private const double P10 = 1.3710973444753064e-08;
    private const double P11 = -7.779455919668887e-10;

    // R(t) ~ exp(x^2) erfc(x), t = (x - 3) / (x + 3) in [-1/2, 1/3]; exp(-x^2) R within 3.1e-18 of erfc(x).
    private const double R0 = 0.17900115118139;
    private const double R1 = -0.3262335600431628;
    private const double R2 = 0.24560380170780904;
    private const double R3 = -0.15011593654560706;
    private const double R4 = 0.07166583744180403;
    private const double R5 = -0.02439248995505096;
    private const double R6 = 0.004269232813543689;
    private const double R7 = 0.0007083058982740794;
    private const double R8 = -0.000594999133620712;
    private const double R9 = 5.022025879660199e-05;
    private const double R10 = 7.162597630923428e-05;
    private const double R11 = -6.439661674016388e-06;
    private const double R12 = -6.5790232913045015e-06;

    /// <summary>
    /// The error function erf(x) = 2 / sqrt(pi) * integral from 0 to x of exp(-t^2) dt, within 1e-15 of
    /// the exact value for every <paramref name="x"/>.
    /// </summary>
    /// <param name="x">Any double.</param>
    /// <returns>erf(x) in [-1, 1]: ±1 for ±infinity, NaN for NaN, and <c>-Erf(x)</c> for <c>-x</c>.</returns>
    public static double Erf(double x)
    {
        double magnitude = Math.Abs(x);
        if (magnitude < SeriesBound)
        {
            // x P(x^2): odd in x bit for bit, and as accurate relatively for x = 1e-300 as for 0.5.
            return x * SeriesPolynomial(x * x);
        }

        if (magnitude < SaturationBound)
        {
            // 1 - erfc(|x|), erfc(|x|) = exp(-x^2) R(t); the sign applied last keeps erf odd bit for bit.
            double t = (magnitude - Centre) / (magnitude + Centre);
            double complement = Math.Exp(-(magnitude * magnitude)) * ComplementPolynomial(t);
            double erf = 1.0 - complement;
            return x < 0.0 ? -erf : erf;
        }

        if (double.IsNaN(x))
        {
            return x;
        }

        return x < 0.0 ? -1.0 : 1.0;
    }

    /// <summary>
    /// The error function for a float: <see cref="Erf(double)"/> of the widened argument, rounded to float
    /// (within one float ulp of the exact value).
    /// </summary>
    /// <param name="x">Any float.</param>
    /// <returns>erf(x) in [-1, 1]: ±1 for ±infinity, NaN for NaN, and <c>-Erf(x)</c> for <c>-x</c>.</returns>
    public static float Erf(float x) => (float)Erf((double)x);

    /// <summary>
    /// The derivative of the exact GELU, d/dz [0.5 z (1 + erf(z / sqrt 2))] =
    /// 0.5 (1 + erf(z / sqrt 2)) + z exp(-z^2 / 2) / sqrt(2 pi): the normal distribution function at
    /// <paramref name="z"/> plus <paramref name="z"/> times the normal density.
    /// </summary>
    /// <param name="z">The neuron's weighted sum.</param>
    /// <returns>The slope of GELU at <paramref name="z"/>: its limits 1 at +infinity and 0 at -infinity,
    /// NaN for NaN, never NaN for a finite <paramref name="z"/>.</returns>
    public static double GeluDerivative(double z)
    {
        if (double.IsInfinity(z))
        {
            // The density term would be infinity * 0; its limit is 0.
            return z > 0.0 ? 1.0 : 0.0;
        }

        // For a huge finite z, z * z overflows to infinity and the density to exactly 0: no NaN.
        double distribution = 0.5 * (1.0 + Erf(z * InverseSqrtTwo));
        double density = InverseSqrtTwoPi * Math.Exp(-0.5 * z * z);
        return distribution + (z * density);
    }

    /// <summary>
    /// The derivative of the exact GELU for a float: <see cref="GeluDerivative(double)"/> of the widened
    /// argument, rounded to float.
    /// </summary>
    /// <param name="z">The neuron's weighted sum.</param>
    /// <returns>The slope of GELU at <paramref name="z"/>: 1 at +infinity, 0 at -infinity, NaN for NaN.</returns>
    public static float GeluDerivative(float z) => (float)GeluDerivative((double)z);

    // P(u) by Horner's rule.
    private static double SeriesPolynomial(double u)
    {
        double sum = P11;
        sum = (sum * u) + P10;
        sum = (sum * u) + P9;
        sum = (sum * u) + P8;
        sum = (sum * u) + P7;
        sum = (sum * u) + P6;
        sum = (sum * u) + P5;
        sum = (sum * u) + P4;
        sum = (sum * u) + P3;
        sum = (sum * u) + P2;
        sum = (sum * u) + P1;
        sum = (sum * u) + P0;
        return sum;
    }

    // R(t) by Horner's rule.
    private static double ComplementPolynomial(double t)
    {
        double sum = R12;
        sum = (sum * t) + R11;
        sum = (sum * t) + R10;
        sum = (sum * t) + R9;
        sum = (sum * t) + R8;
        sum = (sum * t) + R7;
        sum = (sum * t) + R6;
        sum = (sum * t) + R5;
        sum = (sum * t) + R4;
        sum = (sum * t) + R3;
        sum = (sum * t) + R2;
        sum = (sum * t) + R1;
        sum = (sum * t) + R0;
        return sum;
    }
}
