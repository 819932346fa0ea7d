using System;
using System.Numerics;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
#endif

namespace Unrolled;

/// <summary>
/// GELU's derivative for the vectors generated batch code works in, and erf for
/// <see cref="Vector{T}"/>: one lane at a time with the scalar functions, so every lane is what
/// <see cref="GeluDerivative(double)"/> and <see cref="Erf(double)"/> give.
/// </summary>
public static partial class NetworkMath
{
    /// <summary>erf of every lane; see <see cref="Erf(double)"/>.</summary>
    /// <param name="x">The values.</param>
    /// <returns>erf of each value.</returns>
    public static Vector<double> Erf(Vector<double> x)
    {
        Span<double> lanes = stackalloc double[Vector<double>.Count];
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = Erf(x[i]);
        }

        return new Vector<double>(lanes);
    }

    /// <summary>erf of every lane; see <see cref="Erf(float)"/>.</summary>
    /// <param name="x">The values.</param>
    /// <returns>erf of each value.</returns>
    public static Vector<float> Erf(Vector<float> x)
    {
        Span<float> lanes = stackalloc float[Vector<float>.Count];
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = Erf(x[i]);
        }

        return new Vector<float>(lanes);
    }

    /// <summary>GELU's derivative of every lane; see <see cref="GeluDerivative(double)"/>.</summary>
    /// <param name="z">The weighted sums.</param>
    /// <returns>The derivative at each.</returns>
    public static Vector<double> GeluDerivative(Vector<double> z)
    {
        Span<double> lanes = stackalloc double[Vector<double>.Count];
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = GeluDerivative(z[i]);
        }

        return new Vector<double>(lanes);
    }

    /// <summary>GELU's derivative of every lane; see <see cref="GeluDerivative(float)"/>.</summary>
    /// <param name="z">The weighted sums.</param>
    /// <returns>The derivative at each.</returns>
    public static Vector<float> GeluDerivative(Vector<float> z)
    {
        Span<float> lanes = stackalloc float[Vector<float>.Count];
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = GeluDerivative(z[i]);
        }

        return new Vector<float>(lanes);
    }

#if NET8_0_OR_GREATER
    /// <summary>GELU's derivative of every lane; see <see cref="GeluDerivative(double)"/>.</summary>
    /// <param name="z">The weighted sums.</param>
    /// <returns>The derivative at each.</returns>
    public static Vector128<double> GeluDerivative(Vector128<double> z) => Vector128.Create(GeluDerivative(z.GetLower()), GeluDerivative(z.GetUpper()));

    /// <summary>GELU's derivative of every lane; see <see cref="GeluDerivative(double)"/>.</summary>
    /// <param name="z">The weighted sums.</param>
    /// <returns>The derivative at each.</returns>
    public static Vector256<double> GeluDerivative(Vector256<double> z) => Vector256.Create(GeluDerivative(z.GetLower()), GeluDerivative(z.GetUpper()));

    /// <summary>GELU's derivative of every lane; see <see cref="GeluDerivative(double)"/>.</summary>
    /// <param name="z">The weighted sums.</param>
    /// <returns>The derivative at each.</returns>
    public static Vector512<double> GeluDerivative(Vector512<double> z) => Vector512.Create(GeluDerivative(z.GetLower()), GeluDerivative(z.GetUpper()));

    /// <summary>GELU's derivative of every lane; see <see cref="GeluDerivative(float)"/>.</summary>
    /// <param name="z">The weighted sums.</param>
    /// <returns>The derivative at each.</returns>
    public static Vector128<float> GeluDerivative(Vector128<float> z) => Vector128.Create(GeluDerivative(z.GetLower()), GeluDerivative(z.GetUpper()));

    /// <summary>GELU's derivative of every lane; see <see cref="GeluDerivative(float)"/>.</summary>
    /// <param name="z">The weighted sums.</param>
    /// <returns>The derivative at each.</returns>
    public static Vector256<float> GeluDerivative(Vector256<float> z) => Vector256.Create(GeluDerivative(z.GetLower()), GeluDerivative(z.GetUpper()));

    /// <summary>GELU's derivative of every lane; see <see cref="GeluDerivative(float)"/>.</summary>
    /// <param name="z">The weighted sums.</param>
    /// <returns>The derivative at each.</returns>
    public static Vector512<float> GeluDerivative(Vector512<float> z) => Vector512.Create(GeluDerivative(z.GetLower()), GeluDerivative(z.GetUpper()));

    private static Vector64<double> GeluDerivative(Vector64<double> z) => Vector64.Create(GeluDerivative(z.ToScalar()));

    private static Vector64<float> GeluDerivative(Vector64<float> z) => Vector64.Create(GeluDerivative(z.GetElement(0)), GeluDerivative(z.GetElement(1)));
#endif
}
