#!/usr/bin/env python3
"""Writes NetworkMath.Vector128.cs, NetworkMath.Vector256.cs and NetworkMath.Vector512.cs: NetworkMath.Erf on
whole vectors, one template for the three widths. Edit this script, not the .cs files; run it from any
folder: python3 runtime/write_vector_erf.py

Branch-free: every lane computes both of the scalar Erf's intervals (with the same polynomials, whose
constants live in NetworkMath.cs) and a select keeps the right one. .NET 8 has no vector Exp (it came in
.NET 9), so the template carries its own for the one range it needs, [-36, -1]."""
import os

TEMPLATE = '''\
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
    public static VEC<double> Erf(VEC<double> x)
    {
        VEC<double> one = VEC.Create(1.0);
        VEC<double> magnitude = VEC.Abs(x);

        // |x| < 1: x P(x^2), as the scalar.
        VEC<double> series = x * SeriesPolynomial(x * x);

        // |x| >= 1: 1 - exp(-x^2) R(t), t = (|x| - 3) / (|x| + 3), with |x| held in [1, 6] (from 6 on the
        // complement, 2.2e-17, rounds away and leaves exactly 1); then the sign of x.
        VEC<double> held = VEC.Min(VEC.Max(magnitude, one), VEC.Create(SaturationBound));
        VEC<double> t = (held - VEC.Create(Centre)) / (held + VEC.Create(Centre));
        VEC<double> complement = ExpOfNegative(-(held * held)) * ComplementPolynomial(t);
        VEC<double> signOfX = x & VEC.Create(-0.0);
        VEC<double> beyondOne = (one - complement) | signOfX;

        VEC<double> erf = VEC.ConditionalSelect(VEC.LessThan(magnitude, one), series, beyondOne);

        // NaN lanes (the only ones not equal to themselves) give NaN.
        return VEC.ConditionalSelect(VEC.Equals(x, x), erf, x);
    }

    /// <summary>
    /// <see cref="Erf(float)"/> of each lane, without branches: computed in doubles by
    /// <see cref="Erf(VEC{double})"/> and rounded, within one float ulp of the scalar.
    /// </summary>
    /// <param name="x">Any floats.</param>
    /// <returns>erf of each lane in [-1, 1]: ±1 for ±infinity, NaN for NaN, odd bit for bit.</returns>
    public static VEC<float> Erf(VEC<float> x)
    {
        (VEC<double> lower, VEC<double> upper) = VEC.Widen(x);
        return VEC.Narrow(Erf(lower), Erf(upper));
    }

    // exp(y) for y in [-36, -1], as a scalar would: y = k ln 2 + r with k an integer and |r| <= ln(2) / 2,
    // exp(r) from its Taylor series to r^13 (the rest, under r^14 / 14!, is 4e-18 relatively), times 2^k
    // written straight into the exponent bits (k is in [-52, -1], so 2^k is a normal double).
    private static VEC<double> ExpOfNegative(VEC<double> y)
    {
        const double InverseLn2 = 1.4426950408889634;
        const double RoundingShift = 6755399441055744.0; // 1.5 * 2^52
        const long RoundingShiftBits = 0x4338000000000000;

        // ln 2 = Ln2High + Ln2Low: Ln2High is ln 2 cut to 32 significant bits, so k * Ln2High is exact.
        const double Ln2High = 0.6931471803691238;
        const double Ln2Low = 1.9082149292705877e-10;

        // Adding 1.5 * 2^52 rounds y / ln 2 to the integer k and leaves k in the low bits of the sum.
        VEC<double> shifted = (y * VEC.Create(InverseLn2)) + VEC.Create(RoundingShift);
        VEC<double> k = shifted - VEC.Create(RoundingShift);
        VEC<double> r = (y - (k * VEC.Create(Ln2High))) - (k * VEC.Create(Ln2Low));

        // exp(r) = sum of r^n / n! for n = 0 to 13, by Horner's rule.
        VEC<double> sum = VEC.Create(1.0 / 6227020800);
%(taylor)s

        // 2^k: the biased exponent k + 1023 in bits 52 to 62.
        VEC<long> k64 = shifted.AsInt64() - VEC.Create(RoundingShiftBits);
        VEC<double> powerOfTwo = VEC.ShiftLeft(k64 + VEC.Create(1023L), 52).AsDouble();
        return sum * powerOfTwo;
    }

    // P(u) by Horner's rule, as the scalar SeriesPolynomial.
    private static VEC<double> SeriesPolynomial(VEC<double> u)
    {
        VEC<double> sum = VEC.Create(P11);
%(series)s
        return sum;
    }

    // R(t) by Horner's rule, as the scalar ComplementPolynomial.
    private static VEC<double> ComplementPolynomial(VEC<double> t)
    {
        VEC<double> sum = VEC.Create(R12);
%(complement)s
        return sum;
    }
}
#endif
'''


def taylor_steps():
    factorial = [1]
    for n in range(1, 14):
        factorial.append(factorial[-1] * n)
    return "\n".join(f"        sum = (sum * r) + VEC.Create({'1.0' if n < 2 else f'1.0 / {factorial[n]}'});" for n in range(12, -1, -1))


def horner_steps(letter, variable, degree):
    return "\n".join(f"        sum = (sum * {variable}) + VEC.Create({letter}{i});" for i in range(degree - 1, -1, -1))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    text = TEMPLATE % {"series": horner_steps("P", "u", 11), "complement": horner_steps("R", "t", 12), "taylor": taylor_steps()}
    for width in (128, 256, 512):
        vector = f"Vector{width}"
        with open(os.path.join(here, f"NetworkMath.{vector}.cs"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text.replace("VEC", vector))


if __name__ == "__main__":
    main()
