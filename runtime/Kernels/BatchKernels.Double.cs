using System;

namespace Unrolled.Kernels;

// The double-precision entry points: check the lengths, then run the widest kernel the hardware accelerates.
// TransposeToRows is a plain loop but on AVX-512 (Vector512Transpose), where 8 x 8 blocks go through registers.
public static partial class BatchKernels
{

    /// <summary>
    /// A layer on rows of inputs: <c>sums[j * stride + r] = biases[j] + sum_i weights[j * inputs + i] * x[r * inputs + i]</c>
    /// for the rows r below <paramref name="rows"/>; the padding lanes get <c>biases[j]</c>.
    /// </summary>
    /// <param name="weights">The layer's weights W[j, i], row-major: neurons x inputs.</param>
    /// <param name="biases">One bias per neuron.</param>
    /// <param name="x">The rows, row-major: rows x inputs.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="sums">The layer's z, transposed: neurons x stride.</param>
    /// <param name="stride">The row count rounded up to <see cref="RowAlignment"/>.</param>
    public static void WeightedSumsOfRows(ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, ReadOnlySpan<double> x, int rows, Span<double> sums, int stride)
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


    /// <summary>
    /// A layer on a transposed batch: <c>sums[j * stride + r] = biases[j] + sum_i weights[j * inputs + i] * a[i * stride + r]</c>
    /// for every lane r below the stride.
    /// </summary>
    /// <param name="weights">The layer's weights W[j, i], row-major: neurons x inputs.</param>
    /// <param name="biases">One bias per neuron.</param>
    /// <param name="a">The layer below, transposed: inputs x stride.</param>
    /// <param name="sums">The layer's z, transposed: neurons x stride.</param>
    /// <param name="stride">The batch's stride, a multiple of <see cref="RowAlignment"/>.</param>
    public static void WeightedSums(ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, ReadOnlySpan<double> a, Span<double> sums, int stride)
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


    /// <summary>
    /// Deltas back through a layer's weights: <c>sums[i * stride + r] = sum_j weights[j * inputs + i] * deltas[j * stride + r]</c>
    /// for every lane r below the stride: the sum that, times the activation's derivative, is the delta of
    /// neuron i of the layer below.
    /// </summary>
    /// <param name="weights">The layer's weights W[j, i], row-major: neurons x inputs.</param>
    /// <param name="inputs">Neurons of the layer below: the weights' row length.</param>
    /// <param name="deltas">The layer's deltas, transposed: neurons x stride.</param>
    /// <param name="sums">One sum per neuron of the layer below, transposed: inputs x stride.</param>
    /// <param name="stride">The batch's stride, a multiple of <see cref="RowAlignment"/>.</param>
    public static void BackpropagatedSums(ReadOnlySpan<double> weights, int inputs, ReadOnlySpan<double> deltas, Span<double> sums, int stride)
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


    /// <summary>
    /// Adds a batch's gradients to a layer's: <c>weightGradients[j * inputs + i] += sum_r deltas[j * stride + r] * x[r * inputs + i]</c>
    /// and <c>biasGradients[j] += sum_r deltas[j * stride + r]</c>, over the rows r below <paramref name="rows"/>.
    /// </summary>
    /// <param name="deltas">The layer's deltas, transposed: neurons x stride.</param>
    /// <param name="stride">The batch's stride, a multiple of <see cref="RowAlignment"/>.</param>
    /// <param name="x">The layer's inputs, row-major: rows x inputs.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="weightGradients">neurons x inputs, row-major like the weights.</param>
    /// <param name="biasGradients">One per neuron.</param>
    public static void AddGradients(ReadOnlySpan<double> deltas, int stride, ReadOnlySpan<double> x, int rows, Span<double> weightGradients, Span<double> biasGradients) =>
        Gradients(deltas, stride, x, rows, weightGradients, biasGradients, add: true);

    /// <summary>
    /// Writes a batch's gradients over a layer's, whatever they held: <c>weightGradients[j * inputs + i] = sum_r deltas[j * stride + r] * x[r * inputs + i]</c>
    /// and <c>biasGradients[j] = sum_r deltas[j * stride + r]</c>, over the rows r below <paramref name="rows"/>. The first
    /// block of a training batch needs no cleared array so.
    /// </summary>
    /// <inheritdoc cref="AddGradients(ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, Span{double}, Span{double})"/>
    public static void WriteGradients(ReadOnlySpan<double> deltas, int stride, ReadOnlySpan<double> x, int rows, Span<double> weightGradients, Span<double> biasGradients) =>
        Gradients(deltas, stride, x, rows, weightGradients, biasGradients, add: false);

    private static void Gradients(ReadOnlySpan<double> deltas, int stride, ReadOnlySpan<double> x, int rows, Span<double> weightGradients, Span<double> biasGradients, bool add)
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


    /// <summary>Copies the first <paramref name="rows"/> lanes of a transposed batch (width x stride) to rows, row-major (rows x width).</summary>
    public static void TransposeToRows(ReadOnlySpan<double> transposed, int stride, int rows, int width, Span<double> destination)
    {
        CheckTransposeToRows(transposed.Length, stride, rows, width, destination.Length);
#if NET8_0_OR_GREATER
        if (Vector512Transpose.CanRun)
        {
            Vector512Transpose.TransposeToRows(transposed, stride, rows, width, destination);
            return;
        }
#endif

        ScalarBatchKernels.TransposeToRows(transposed, stride, rows, width, destination);
    }


    /// <summary>The sum of <c>v - v</c> over <paramref name="values"/>: 0 when every value is finite, NaN when one is NaN or infinite.</summary>
    public static double ZeroIfFinite(ReadOnlySpan<double> values)
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
