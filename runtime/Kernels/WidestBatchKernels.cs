#if NET8_0_OR_GREATER
using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Unrolled.Kernels;

/// <summary>
/// Runs the widest vector kernels the hardware accelerates with fused multiply-add: 512-bit (AVX-512),
/// else 256-bit (AVX2 and FMA), else 128-bit (Arm64's AdvSimd, or x86's FMA without AVX2). Each method
/// returns false, having done nothing, where none is; the JIT turns the tests into constants, so only
/// one branch is compiled.
/// </summary>
internal static class WidestBatchKernels
{
    public static bool CanRun => Width512 || Width256 || Width128;

    /// <summary>The width of the kernels that run, in bits: 512, 256, 128, or 0 for the plain loops.</summary>
    public static int Width => Width512 ? 512 : Width256 ? 256 : Width128 ? 128 : 0;

    // AVX-512 has fused multiply-add of its own.
    private static bool Width512 => Vector512.IsHardwareAccelerated;

    private static bool Width256 => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    // Arm64 (Apple silicon, Arm servers and phones), and an x86 machine with FMA whose 256-bit vectors
    // are not accelerated. AdvSimd.Arm64, not AdvSimd alone: 32-bit Arm has no fused multiply-add of doubles.
    private static bool Width128 => Vector128.IsHardwareAccelerated && (AdvSimd.Arm64.IsSupported || Fma.IsSupported);

    public static bool WeightedSumsOfRows<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, int inputs, ReadOnlySpan<T> x, int rows, Span<T> sums, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Width512)
        {
            Vector512BatchKernels.WeightedSumsOfRows(weights, biases, inputs, x, rows, sums, stride);
        }
        else if (Width256)
        {
            Vector256BatchKernels.WeightedSumsOfRows(weights, biases, inputs, x, rows, sums, stride);
        }
        else if (Width128)
        {
            Vector128BatchKernels.WeightedSumsOfRows(weights, biases, inputs, x, rows, sums, stride);
        }

        return CanRun;
    }

    public static bool WeightedSums<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, int inputs, ReadOnlySpan<T> a, Span<T> sums, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Width512)
        {
            Vector512BatchKernels.WeightedSums(weights, biases, inputs, a, sums, stride);
        }
        else if (Width256)
        {
            Vector256BatchKernels.WeightedSums(weights, biases, inputs, a, sums, stride);
        }
        else if (Width128)
        {
            Vector128BatchKernels.WeightedSums(weights, biases, inputs, a, sums, stride);
        }

        return CanRun;
    }

    public static bool BackpropagatedSums<T>(ReadOnlySpan<T> weights, int neurons, int inputs, ReadOnlySpan<T> deltas, Span<T> sums, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Width512)
        {
            Vector512BatchKernels.BackpropagatedSums(weights, neurons, inputs, deltas, sums, stride);
        }
        else if (Width256)
        {
            Vector256BatchKernels.BackpropagatedSums(weights, neurons, inputs, deltas, sums, stride);
        }
        else if (Width128)
        {
            Vector128BatchKernels.BackpropagatedSums(weights, neurons, inputs, deltas, sums, stride);
        }

        return CanRun;
    }

    public static bool AddGradients<T>(ReadOnlySpan<T> deltas, int stride, ReadOnlySpan<T> x, int rows, int inputs, Span<T> weightGradients, Span<T> biasGradients, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Width512)
        {
            Vector512BatchKernels.AddGradients(deltas, stride, x, rows, inputs, weightGradients, biasGradients, add);
        }
        else if (Width256)
        {
            Vector256BatchKernels.AddGradients(deltas, stride, x, rows, inputs, weightGradients, biasGradients, add);
        }
        else if (Width128)
        {
            Vector128BatchKernels.AddGradients(deltas, stride, x, rows, inputs, weightGradients, biasGradients, add);
        }

        return CanRun;
    }

    /// <summary>Only where <see cref="CanRun"/>.</summary>
    public static T ZeroIfFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Width512 ? Vector512BatchKernels.ZeroIfFinite(values) : Width256 ? Vector256BatchKernels.ZeroIfFinite(values) : Vector128BatchKernels.ZeroIfFinite(values);
}
#endif
