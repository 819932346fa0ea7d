using System;
using System.Numerics;
using System.Runtime.InteropServices;
using Unrolled.Kernels;

namespace Unrolled.Arm64Program;

/// <summary><see cref="ScalarBatchKernels"/>, which has a double and a float overload of each kernel, called for either.</summary>
internal static class PlainLoops
{
    public static void WeightedSumsOfRows<T>(T[] weights, T[] biases, int inputs, T[] x, int rows, T[] sums, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            ScalarBatchKernels.WeightedSumsOfRows(D(weights), D(biases), inputs, D(x), rows, DW(sums), stride);
        }
        else
        {
            ScalarBatchKernels.WeightedSumsOfRows(F(weights), F(biases), inputs, F(x), rows, FW(sums), stride);
        }
    }

    public static void WeightedSums<T>(T[] weights, T[] biases, int inputs, T[] a, T[] sums, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            ScalarBatchKernels.WeightedSums(D(weights), D(biases), inputs, D(a), DW(sums), stride);
        }
        else
        {
            ScalarBatchKernels.WeightedSums(F(weights), F(biases), inputs, F(a), FW(sums), stride);
        }
    }

    public static void BackpropagatedSums<T>(T[] weights, int neurons, int inputs, T[] deltas, T[] sums, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            ScalarBatchKernels.BackpropagatedSums(D(weights), neurons, inputs, D(deltas), DW(sums), stride);
        }
        else
        {
            ScalarBatchKernels.BackpropagatedSums(F(weights), neurons, inputs, F(deltas), FW(sums), stride);
        }
    }

    public static void AddGradients<T>(T[] deltas, int stride, T[] x, int rows, int inputs, T[] weightGradients, T[] biasGradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            ScalarBatchKernels.AddGradients(D(deltas), stride, D(x), rows, inputs, DW(weightGradients), DW(biasGradients), add: true);
        }
        else
        {
            ScalarBatchKernels.AddGradients(F(deltas), stride, F(x), rows, inputs, FW(weightGradients), FW(biasGradients), add: true);
        }
    }

    /// <summary>AddGradients on one array holding the weight gradients, then the bias gradients.</summary>
    public static void AddGradients(double[] deltas, int stride, double[] x, int rows, int inputs, double[] gradients)
    {
        int weights = gradients.Length * inputs / (inputs + 1);
        ScalarBatchKernels.AddGradients(deltas, stride, x, rows, inputs, gradients.AsSpan(0, weights), gradients.AsSpan(weights), add: true);
    }

    // The casts change no bits: each array is of the type its overload takes.
    private static ReadOnlySpan<double> D<T>(T[] values) where T : struct => MemoryMarshal.Cast<T, double>(values.AsSpan());

    private static Span<double> DW<T>(T[] values) where T : struct => MemoryMarshal.Cast<T, double>(values.AsSpan());

    private static ReadOnlySpan<float> F<T>(T[] values) where T : struct => MemoryMarshal.Cast<T, float>(values.AsSpan());

    private static Span<float> FW<T>(T[] values) where T : struct => MemoryMarshal.Cast<T, float>(values.AsSpan());
}
