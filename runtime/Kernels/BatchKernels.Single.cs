using System;

namespace Unrolled.Kernels;

// The single-precision entry points, the same as the double ones.
public static partial class BatchKernels
{
    /// <inheritdoc cref="WeightedSumsOfRows(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, int, Span{double}, int)"/>
    public static void WeightedSumsOfRows(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, ReadOnlySpan<float> x, int rows, Span<float> sums, int stride)
    {
        int inputs = CheckWeightedSumsOfRows(weights.Length, biases.Length, x.Length, rows, sums.Length, stride);
#if NET8_0_OR_GREATER
        if (WidestBatchKernels.WeightedSumsOfRows(weights, biases, inputs, x, rows, sums, stride))
        {
            return;
        }
#endif

        ScalarBatchKernels.WeightedSumsOfRows(weights, biases, inputs, x, rows, sums, stride);
    }

    /// <inheritdoc cref="WeightedSums(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int)"/>
    public static void WeightedSums(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, ReadOnlySpan<float> a, Span<float> sums, int stride)
    {
        int inputs = CheckWeightedSums(weights.Length, biases.Length, a.Length, sums.Length, stride);
#if NET8_0_OR_GREATER
        if (WidestBatchKernels.WeightedSums(weights, biases, inputs, a, sums, stride))
        {
            return;
        }
#endif

        ScalarBatchKernels.WeightedSums(weights, biases, inputs, a, sums, stride);
    }

    /// <inheritdoc cref="BackpropagatedSums(ReadOnlySpan{double}, int, ReadOnlySpan{double}, Span{double}, int)"/>
    public static void BackpropagatedSums(ReadOnlySpan<float> weights, int inputs, ReadOnlySpan<float> deltas, Span<float> sums, int stride)
    {
        int neurons = CheckBackpropagatedSums(weights.Length, inputs, deltas.Length, sums.Length, stride);
#if NET8_0_OR_GREATER
        if (WidestBatchKernels.BackpropagatedSums(weights, neurons, inputs, deltas, sums, stride))
        {
            return;
        }
#endif

        ScalarBatchKernels.BackpropagatedSums(weights, neurons, inputs, deltas, sums, stride);
    }

    /// <inheritdoc cref="AddGradients(ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, Span{double}, Span{double})"/>
    public static void AddGradients(ReadOnlySpan<float> deltas, int stride, ReadOnlySpan<float> x, int rows, Span<float> weightGradients, Span<float> biasGradients) =>
        Gradients(deltas, stride, x, rows, weightGradients, biasGradients, add: true);

    /// <inheritdoc cref="WriteGradients(ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, Span{double}, Span{double})"/>
    public static void WriteGradients(ReadOnlySpan<float> deltas, int stride, ReadOnlySpan<float> x, int rows, Span<float> weightGradients, Span<float> biasGradients) =>
        Gradients(deltas, stride, x, rows, weightGradients, biasGradients, add: false);

    private static void Gradients(ReadOnlySpan<float> deltas, int stride, ReadOnlySpan<float> x, int rows, Span<float> weightGradients, Span<float> biasGradients, bool add)
    {
        int inputs = CheckAddGradients(deltas.Length, stride, x.Length, rows, weightGradients.Length, biasGradients.Length);
#if NET8_0_OR_GREATER
        if (WidestBatchKernels.AddGradients(deltas, stride, x, rows, inputs, weightGradients, biasGradients, add))
        {
            return;
        }
#endif

        ScalarBatchKernels.AddGradients(deltas, stride, x, rows, inputs, weightGradients, biasGradients, add);
    }

    /// <inheritdoc cref="TransposeToRows(ReadOnlySpan{double}, int, int, int, Span{double})"/>
    public static void TransposeToRows(ReadOnlySpan<float> transposed, int stride, int rows, int width, Span<float> destination)
    {
        CheckTransposeToRows(transposed.Length, stride, rows, width, destination.Length);
        ScalarBatchKernels.TransposeToRows(transposed, stride, rows, width, destination);
    }

    /// <inheritdoc cref="ZeroIfFinite(ReadOnlySpan{double})"/>
    public static float ZeroIfFinite(ReadOnlySpan<float> values)
    {
#if NET8_0_OR_GREATER
        if (WidestBatchKernels.CanRun)
        {
            return WidestBatchKernels.ZeroIfFinite(values);
        }
#endif

        return ScalarBatchKernels.ZeroIfFinite(values);
    }
}
