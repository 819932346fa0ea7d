#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;

namespace Unrolled;

// Erf on whole vectors, for the generated batch kernels. .NET 8 has no vector Exp (Vector128.Exp and its
// wider kin arrived in .NET 9), so each lane goes through the scalar Erf: every lane equals
// Erf(double) or Erf(float) bit for bit.
public static partial class NetworkMath
{
    /// <summary><see cref="Erf(double)"/> of each lane.</summary>
    /// <param name="x">Any doubles.</param>
    /// <returns>erf of each lane, equal bit for bit to <see cref="Erf(double)"/>.</returns>
    public static Vector128<double> Erf(Vector128<double> x) =>
        Vector128.Create(Erf(x.GetElement(0)), Erf(x.GetElement(1)));

    /// <summary><see cref="Erf(double)"/> of each lane.</summary>
    /// <param name="x">Any doubles.</param>
    /// <returns>erf of each lane, equal bit for bit to <see cref="Erf(double)"/>.</returns>
    public static Vector256<double> Erf(Vector256<double> x) =>
        Vector256.Create(Erf(x.GetLower()), Erf(x.GetUpper()));

    /// <summary><see cref="Erf(double)"/> of each lane.</summary>
    /// <param name="x">Any doubles.</param>
    /// <returns>erf of each lane, equal bit for bit to <see cref="Erf(double)"/>.</returns>
    public static Vector512<double> Erf(Vector512<double> x) =>
        Vector512.Create(Erf(x.GetLower()), Erf(x.GetUpper()));

    /// <summary><see cref="Erf(float)"/> of each lane.</summary>
    /// <param name="x">Any floats.</param>
    /// <returns>erf of each lane, equal bit for bit to <see cref="Erf(float)"/>.</returns>
    public static Vector128<float> Erf(Vector128<float> x) =>
        Vector128.Create(Erf(x.GetElement(0)), Erf(x.GetElement(1)), Erf(x.GetElement(2)), Erf(x.GetElement(3)));

    /// <summary><see cref="Erf(float)"/> of each lane.</summary>
    /// <param name="x">Any floats.</param>
    /// <returns>erf of each lane, equal bit for bit to <see cref="Erf(float)"/>.</returns>
    public static Vector256<float> Erf(Vector256<float> x) =>
        Vector256.Create(Erf(x.GetLower()), Erf(x.GetUpper()));

    /// <summary><see cref="Erf(float)"/> of each lane.</summary>
    /// <param name="x">Any floats.</param>
    /// <returns>erf of each lane, equal bit for bit to <see cref="Erf(float)"/>.</returns>
    public static Vector512<float> Erf(Vector512<float> x) =>
        Vector512.Create(Erf(x.GetLower()), Erf(x.GetUpper()));
}
#endif
