using System.Globalization;
using System.Numerics;

namespace Unrolled.Tests.Runtime;

/// <summary>
/// erf(x) in 192-bit fixed point from its Taylor series, 2 / sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)),
/// independent of NetworkMath's polynomials. At |x| = 7 the largest term is about 2^71, so the cancellation
/// leaves over 110 correct bits: far beyond a double's 53.
/// </summary>
internal static class ErfReference
{
    private const int FractionBits = 192;

    private static readonly BigInteger One = BigInteger.One << FractionBits;

    // 2 / sqrt(pi) to 78 significant digits (mpmath at 90 digits).
    private static readonly BigInteger TwoOverSqrtPi =
        BigInteger.Parse("112837916709551257389615890312154517168810125865799771368817144342128493688298", CultureInfo.InvariantCulture)
        * One / BigInteger.Pow(10, 77);

    /// <summary>The exact value of <paramref name="x"/> in fixed point (exact for |x| of 2^-140 and above).</summary>
    public static BigInteger ToFixed(double x) => new(Math.ScaleB(x, FractionBits));

    /// <summary>erf(<paramref name="x"/>) in fixed point, for |x| up to about 8.</summary>
    public static BigInteger Erf(double x)
    {
        BigInteger fixedX = ToFixed(x);
        BigInteger minusSquare = -(fixedX * fixedX >> FractionBits);
        BigInteger term = fixedX; // (-1)^n x^(2n+1) / n!
        BigInteger sum = 0;
        for (int n = 0; !term.IsZero; n++)
        {
            if (n > 0)
            {
                term = (term * minusSquare >> FractionBits) / n;
            }

            sum += term / ((2 * n) + 1);
        }

        return sum * TwoOverSqrtPi >> FractionBits;
    }

    /// <summary><paramref name="approximation"/> minus erf(<paramref name="x"/>), as a double.</summary>
    public static double Error(double approximation, double x) =>
        Math.ScaleB((double)(ToFixed(approximation) - Erf(x)), -FractionBits);
}
