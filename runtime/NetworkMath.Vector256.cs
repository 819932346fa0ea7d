// Written by runtime/write_vector_erf.py from one template for the three widths: edit the script, not this file.
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;

namespace Unrolled;

public static partial class NetworkMath
{
    /// <summary>
    /// <see cref="Erf(double)"/> of each lane, without branches: within 1e-15 of the exact value, equal to
    /// the scalar below |x| = 1 and within an ulp of it above (the exponential there is this class's own,
    /// not <see cref="System.Math.Exp"/>).
    /// </summary>
    /// <param name="x">Any doubles.</param>
    /// <returns>erf of each lane in [-1, 1]: ±1 for ±infinity, NaN for NaN, odd bit for bit.</returns>
    public static Vector256<double> Erf(Vector256<double> x)
    {
        Vector256<double> one = Vector256.Create(1.0);
        Vector256<double> magnitude = Vector256.Abs(x);

        // |x| < 1: x P(x^2), as the scalar.
        Vector256<double> series = x * SeriesPolynomial(x * x);

        // |x| >= 1: 1 - exp(-x^2) R(t), t = (|x| - 3) / (|x| + 3), with |x| held in [1, 6] (from 6 on the
        // complement, 2.2e-17, rounds away and leaves exactly 1); then the sign of x.
        Vector256<double> held = Vector256.Min(Vector256.Max(magnitude, one), Vector256.Create(SaturationBound));
        Vector256<double> t = (held - Vector256.Create(Centre)) / (held + Vector256.Create(Centre));
        Vector256<double> complement = ExpOfNegative(-(held * held)) * ComplementPolynomial(t);
        Vector256<double> signOfX = x & Vector256.Create(-0.0);
        Vector256<double> beyondOne = (one - complement) | signOfX;

        Vector256<double> erf = Vector256.ConditionalSelect(Vector256.LessThan(magnitude, one), series, beyondOne);

        // NaN lanes (the only ones not equal to themselves) give NaN.
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), erf, x);
    }

    /// <summary>
    /// <see cref="Erf(float)"/> of each lane, without branches: computed in doubles by
    /// <see cref="Erf(Vector256{double})"/> and rounded, within one float ulp of the scalar.
    /// </summary>
    /// <param name="x">Any floats.</param>
    /// <returns>erf of each lane in [-1, 1]: ±1 for ±infinity, NaN for NaN, odd bit for bit.</returns>
    public static Vector256<float> Erf(Vector256<float> x)
    {
        (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(x);
        return Vector256.Narrow(Erf(lower), Erf(upper));
    }

    // exp(y) for y in [-36, -1], as a scalar would: y = k ln 2 + r with k an integer and |r| <= ln(2) / 2,
    // exp(r) from its Taylor series to r^13 (the rest, under r^14 / 14!, is 4e-18 relatively), times 2^k
    // written straight into the exponent bits (k is in [-52, -1], so 2^k is a normal double).
    private static Vector256<double> ExpOfNegative(Vector256<double> y)
    {
        const double InverseLn2 = 1.4426950408889634;
        const double RoundingShift = 6755399441055744.0; // 1.5 * 2^52
        const long RoundingShiftBits = 0x4338000000000000;

        // ln 2 = Ln2High + Ln2Low: Ln2High is ln 2 cut to 32 significant bits, so k * Ln2High is exact.
        const double Ln2High = 0.6931471803691238;
        const double Ln2Low = 1.9082149292705877e-10;

        // Adding 1.5 * 2^52 rounds y / ln 2 to the integer k and leaves k in the low bits of the sum.
        Vector256<double> shifted = (y * Vector256.Create(InverseLn2)) + Vector256.Create(RoundingShift);
        Vector256<double> k = shifted - Vector256.Create(RoundingShift);
        Vector256<double> r = (y - (k * Vector256.Create(Ln2High))) - (k * Vector256.Create(Ln2Low));

        // exp(r) = sum of r^n / n! for n = 0 to 13, by Horner's rule.
        Vector256<double> sum = Vector256.Create(1.0 / 6227020800);
        sum = (sum * r) + Vector256.Create(1.0 / 479001600);
        sum = (sum * r) + Vector256.Create(1.0 / 39916800);
        sum = (sum * r) + Vector256.Create(1.0 / 3628800);
        sum = (sum * r) + Vector256.Create(1.0 / 362880);
        sum = (sum * r) + Vector256.Create(1.0 / 40320);
        sum = (sum * r) + Vector256.Create(1.0 / 5040);
        sum = (sum * r) + Vector256.Create(1.0 / 720);
        sum = (sum * r) + Vector256.Create(1.0 / 120);
        sum = (sum * r) + Vector256.Create(1.0 / 24);
        sum = (sum * r) + Vector256.Create(1.0 / 6);
        sum = (sum * r) + Vector256.Create(1.0 / 2);
        sum = (sum * r) + Vector256.Create(1.0);
        sum = (sum * r) + Vector256.Create(1.0);

        // 2^k: the biased exponent k + 1023 in bits 52 to 62.
        Vector256<long> k64 = shifted.AsInt64() - Vector256.Create(RoundingShiftBits);
        Vector256<double> powerOfTwo = Vector256.ShiftLeft(k64 + Vector256.Create(1023L), 52).AsDouble();
        return sum * powerOfTwo;
    }

    // P(u) by Horner's rule, as the scalar SeriesPolynomial.
    private static Vector256<double> SeriesPolynomial(Vector256<double> u)
    {
        Vector256<double> sum = Vector256.Create(P11);
        sum = (sum * u) + Vector256.Create(P10);
        sum = (sum * u) + Vector256.Create(P9);
        sum = (sum * u) + Vector256.Create(P8);
        sum = (sum * u) + Vector256.Create(P7);
        sum = (sum * u) + Vector256.Create(P6);
        sum = (sum * u) + Vector256.Create(P5);
        sum = (sum * u) + Vector256.Create(P4);
        sum = (sum * u) + Vector256.Create(P3);
        sum = (sum * u) + Vector256.Create(P2);
        sum = (sum * u) + Vector256.Create(P1);
        sum = (sum * u) + Vector256.Create(P0);
        return sum;
    }

    // R(t) by Horner's rule, as the scalar ComplementPolynomial.
    private static Vector256<double> ComplementPolynomial(Vector256<double> t)
    {
        Vector256<double> sum = Vector256.Create(R12);
        sum = (sum * t) + Vector256.Create(R11);
        sum = (sum * t) + Vector256.Create(R10);
        sum = (sum * t) + Vector256.Create(R9);
        sum = (sum * t) + Vector256.Create(R8);
        sum = (sum * t) + Vector256.Create(R7);
        sum = (sum * t) + Vector256.Create(R6);
        sum = (sum * t) + Vector256.Create(R5);
        sum = (sum * t) + Vector256.Create(R4);
        sum = (sum * t) + Vector256.Create(R3);
        sum = (sum * t) + Vector256.Create(R2);
        sum = (sum * t) + Vector256.Create(R1);
        sum = (sum * t) + Vector256.Create(R0);
        return sum;
    }
}
#endif
