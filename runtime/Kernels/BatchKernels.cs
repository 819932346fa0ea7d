using System;
using System.ComponentModel;

namespace Unrolled.Kernels;

/// <summary>
/// The matrix products behind the blocked layout's <c>TrainBatch</c> and <c>PredictBatch</c>, which
/// generated networks call; not meant to be called directly.
/// </summary>
/// <remarks>
/// A batch goes through a layer all at once, so each weight loaded from memory feeds many rows.
/// Between layers a batch is held transposed: the value of neuron j for row r at
/// <c>[j * stride + r]</c>, where the stride is the row count rounded up to
/// <see cref="RowAlignment"/>. Lanes from the row count up to the stride are padding: they are
/// computed like the others and never read into a result of a real row.
/// Every method checks its lengths, then runs the widest kernel the hardware accelerates: 512-bit,
/// 256-bit or 128-bit (Arm64) vectors with fused multiply-add, or plain loops (also on .NET Standard 2.1). Fused
/// multiply-add and the order of the sums make the last bits differ from the one-row code.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class BatchKernels
{
    /// <summary>Strides are multiples of this: whole vectors of rows in every width the kernels use.</summary>
    public const int RowAlignment = 16;

    /// <summary>The stride of a transposed batch of <paramref name="rows"/> rows.</summary>
    public static int Stride(int rows) => (rows + (RowAlignment - 1)) & ~(RowAlignment - 1);

    // The checks of each entry point, shared by its double and float overloads; each returns the
    // size it worked out from the lengths.

    private static int CheckWeightedSumsOfRows(int weights, int biases, int x, int rows, int sums, int stride)
    {
        int inputs = CheckShape(weights, biases);
        CheckStride(rows, stride);
        CheckLength(x, (long)rows * inputs, nameof(x));
        CheckLength(sums, (long)biases * stride, nameof(sums));
        return inputs;
    }

    private static int CheckWeightedSums(int weights, int biases, int a, int sums, int stride)
    {
        int inputs = CheckShape(weights, biases);
        CheckStride(0, stride);
        CheckLength(a, (long)inputs * stride, nameof(a));
        CheckLength(sums, (long)biases * stride, nameof(sums));
        return inputs;
    }

    private static int CheckBackpropagatedSums(int weights, int inputs, int deltas, int sums, int stride)
    {
        int neurons = inputs <= 0 ? 0 : weights / inputs;
        CheckShape(weights, neurons, inputs, nameof(weights));
        CheckStride(0, stride);
        CheckLength(deltas, (long)neurons * stride, nameof(deltas));
        CheckLength(sums, (long)inputs * stride, nameof(sums));
        return neurons;
    }

    private static int CheckAddGradients(int deltas, int stride, int x, int rows, int weightGradients, int biasGradients)
    {
        int neurons = biasGradients;
        int inputs = neurons == 0 ? 0 : weightGradients / neurons;
        CheckShape(weightGradients, neurons, inputs, nameof(weightGradients));
        CheckStride(rows, stride);
        CheckLength(deltas, (long)neurons * stride, nameof(deltas));
        CheckLength(x, (long)rows * inputs, nameof(x));
        return inputs;
    }

    private static void CheckTransposeToRows(int transposed, int stride, int rows, int width, int destination)
    {
        CheckStride(rows, stride);
        CheckLength(transposed, (long)width * stride, nameof(transposed));
        CheckLength(destination, (long)rows * width, nameof(destination));
    }

    // A layer's weights, one row of inputs per bias; returns the row length.
    private static int CheckShape(int weights, int biases)
    {
        int inputs = biases == 0 ? 0 : weights / biases;
        CheckShape(weights, biases, inputs, nameof(weights));
        return inputs;
    }

    private static void CheckStride(int rows, int stride)
    {
        if (rows < 0 || stride < rows || stride % RowAlignment != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride must be a multiple of {RowAlignment} and at least the row count, {rows}.");
        }
    }

    private static void CheckLength(int actual, long required, string paramName)
    {
        if (actual < required)
        {
            throw new ArgumentException($"Expected at least {required} values, got {actual}.", paramName);
        }
    }

    private static void CheckShape(int length, int neurons, int inputs, string paramName)
    {
        if (neurons <= 0 || inputs <= 0 || length != (long)neurons * inputs)
        {
            throw new ArgumentException($"Expected {neurons} x {inputs} values, got {length}.", paramName);
        }
    }
}
