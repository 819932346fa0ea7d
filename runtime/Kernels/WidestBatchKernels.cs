#if NET8_0_OR_GREATER
using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Unrolled.Kernels;

/// <summary>
/// Runs the widest vector kernels the hardware accelerates: 512-bit, else 256-bit with fused
/// multiply-add. Each method returns false, having done nothing, where neither is accelerated;
/// the JIT turns the tests into constants, so only one branch is compiled.
/// </summary>
internal static class WidestBatchKernels
{
    public static bool CanRun => Vector512.IsHardwareAccelerated || (Vector256.IsHardwareAccelerated && Fma.IsSupported);

    private static bool Wide => Vector512.IsHardwareAccelerated;

    public static bool WeightedSumsOfRows<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, int inputs, ReadOnlySpan<T> x, int rows, Span<T> sums, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Wide)
        {
            Vector512BatchKernels.WeightedSumsOfRows(weights, biases, inputs, x, rows, sums, stride);
        }
        else if (CanRun)
        {
            Vector256BatchKernels.WeightedSumsOfRows(weights, biases, inputs, x, rows, sums, stride);
        }

        return CanRun;
    }

    public static bool WeightedSums<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, int inputs, ReadOnlySpan<T> a, Span<T> sums, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Wide)
        {
            Vector512BatchKernels.WeightedSums(weights, biases, inputs, a, sums, stride);
        }
        else if (CanRun)
        {
            Vector256BatchKernels.WeightedSums(weights, biases, inputs, a, sums, stride);
        }

        return CanRun;
    }

    public static bool BackpropagatedSums<T>(ReadOnlySpan<T> weights, int neurons, int inputs, ReadOnlySpan<T> deltas, Span<T> sums, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Wide)
        {
            Vector512BatchKernels.BackpropagatedSums(weights, neurons, inputs, deltas, sums, stride);
        }
        else if (CanRun)
        {
            Vector256BatchKernels.BackpropagatedSums(weights, neurons, inputs, deltas, sums, stride);
        }

        return CanRun;
    }

    public static bool AddGradients<T>(ReadOnlySpan<T> deltas, int stride, ReadOnlySpan<T> x, int rows, int inputs, Span<T> weightGradients, Span<T> biasGradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Wide)
        {
            Vector512BatchKernels.AddGradients(deltas, stride, x, rows, inputs, weightGradients, biasGradients);
        }
        else if (CanRun)
        {
            Vector256BatchKernels.AddGradients(deltas, stride, x, rows, inputs, weightGradients, biasGradients);
        }

        return CanRun;
    }

    /// <summary>Only where <see cref="CanRun"/>.</summary>
    public static T ZeroIfFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Wide ? Vector512BatchKernels.ZeroIfFinite(values) : Vector256BatchKernels.ZeroIfFinite(values);
}
#endif
