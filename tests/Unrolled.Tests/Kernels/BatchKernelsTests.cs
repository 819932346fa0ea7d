using System.Numerics;
using Unrolled.Kernels;

namespace Unrolled.Tests.Kernels;

/// <summary>
/// Every width of every batch kernel against plain loops written here, in double and float, for shapes
/// that leave a remainder in each tile: neurons not a multiple of any tile, inputs not a multiple of a
/// vector, rows around the vector widths, strides longer than the rows need.
/// </summary>
public sealed class BatchKernelsTests
{
    // neurons, inputs, rows, extra stride: between them every tile of every width and its remainders
    // (1 to 13 neurons, 1 to 129 inputs, 1 to 64 rows, 1 to 6 vectors of rows past a 4-vector tile).
    private static readonly (int Neurons, int Inputs, int Rows, int ExtraStride)[] s_shapes =
    [
        (1, 1, 1, 0),
        (3, 5, 15, 0),
        (7, 13, 16, 16),
        (10, 37, 17, 32),
        (13, 100, 33, 0),
        (6, 64, 64, 16),
        (11, 129, 64, 0),
        (5, 17, 33, 48),
    ];

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (string width in KernelWidth.All)
        {
            foreach (string type in new[] { "double", "float" })
            {
                for (int shape = 0; shape < s_shapes.Length; shape++)
                {
                    data.Add(width, type, shape);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WeightedSumsOfRows_matches_a_plain_loop_and_fills_padding_lanes_with_the_bias(string width, string type, int shape)
    {
        KernelWidth.SkipUnlessSupported(width);
        if (type == "double")
        {
            CheckWeightedSumsOfRows<double>(width, shape, 1e-12);
        }
        else
        {
            CheckWeightedSumsOfRows<float>(width, shape, 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WeightedSums_matches_a_plain_loop_in_every_lane(string width, string type, int shape)
    {
        KernelWidth.SkipUnlessSupported(width);
        if (type == "double")
        {
            CheckWeightedSums<double>(width, shape, 1e-12);
        }
        else
        {
            CheckWeightedSums<float>(width, shape, 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackpropagatedSums_matches_a_plain_loop_and_overwrites_the_sums(string width, string type, int shape)
    {
        KernelWidth.SkipUnlessSupported(width);
        if (type == "double")
        {
            CheckBackpropagatedSums<double>(width, shape, 1e-12);
        }
        else
        {
            CheckBackpropagatedSums<float>(width, shape, 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AddGradients_adds_the_batch_gradients_and_never_reads_past_the_rows(string width, string type, int shape)
    {
        KernelWidth.SkipUnlessSupported(width);
        if (type == "double")
        {
            CheckAddGradients<double>(width, shape, 1e-12);
        }
        else
        {
            CheckAddGradients<float>(width, shape, 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WriteGradients_writes_the_batch_gradients_over_whatever_the_arrays_held(string width, string type, int shape)
    {
        KernelWidth.SkipUnlessSupported(width);
        if (type == "double")
        {
            CheckAddGradients<double>(width, shape, 1e-12, add: false);
        }
        else
        {
            CheckAddGradients<float>(width, shape, 1e-5, add: false);
        }
    }

    // rows, width, stride: whole 8 x 8 blocks of AVX-512's transpose, and the columns and rows past them.
    [Theory]
    [InlineData(8, 8, 16)]
    [InlineData(32, 32, 32)]
    [InlineData(17, 13, 32)]
    [InlineData(64, 10, 64)]
    [InlineData(7, 9, 16)]
    [InlineData(1, 1, 16)]
    public void TransposeToRows_copies_every_value_of_whole_blocks_and_the_rest(int rows, int width, int stride)
    {
        double[] transposed = new double[width * stride];
        for (int n = 0; n < transposed.Length; n++)
        {
            transposed[n] = n + 0.5;
        }

        double[] destination = new double[(rows * width) + 1];
        destination[^1] = -1;
        float[] single = new float[rows * width];

        BatchKernels.TransposeToRows(transposed, stride, rows, width, destination);
        BatchKernels.TransposeToRows(Array.ConvertAll(transposed, value => (float)value), stride, rows, width, single);

        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < width; i++)
            {
                Assert.Equal(transposed[(i * stride) + r], destination[(r * width) + i]);
                Assert.Equal((float)transposed[(i * stride) + r], single[(r * width) + i]);
            }
        }

        Assert.Equal(-1, destination[^1]);
    }

    public static TheoryData<string, string> Widths()
    {
        var data = new TheoryData<string, string>();
        foreach (string width in KernelWidth.All)
        {
            data.Add(width, "double");
            data.Add(width, "float");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void ZeroIfFinite_is_zero_for_finite_values_and_NaN_for_one_NaN_or_infinity_anywhere(string width, string type)
    {
        KernelWidth.SkipUnlessSupported(width);
        if (type == "double")
        {
            CheckZeroIfFinite<double>(width);
        }
        else
        {
            CheckZeroIfFinite<float>(width);
        }
    }

    private static void CheckWeightedSumsOfRows<T>(string width, int shape, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (neurons, inputs, rows, stride) = Shape(shape);
        T[] weights = Random<T>(neurons * inputs, 1);
        T[] biases = Random<T>(neurons, 2);
        T[] x = Random<T>(rows * inputs, 3);
        T[] sums = Filled(neurons * stride, T.NaN, sentinels: 3);

        KernelWidth.WeightedSumsOfRows(width, weights, biases, inputs, x, rows, sums, stride);

        for (int j = 0; j < neurons; j++)
        {
            for (int r = 0; r < rows; r++)
            {
                double expected = double.CreateTruncating(biases[j]);
                double scale = Math.Abs(expected);
                for (int i = 0; i < inputs; i++)
                {
                    double term = double.CreateTruncating(weights[(j * inputs) + i]) * double.CreateTruncating(x[(r * inputs) + i]);
                    expected += term;
                    scale += Math.Abs(term);
                }

                AssertClose(expected, scale, sums[(j * stride) + r], tolerance, $"z[{j}, {r}]");
            }

            for (int r = rows; r < stride; r++)
            {
                Assert.Equal(biases[j], sums[(j * stride) + r]);
            }
        }

        AssertSentinelsKept(sums, neurons * stride);
    }

    private static void CheckWeightedSums<T>(string width, int shape, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (neurons, inputs, _, stride) = Shape(shape);
        T[] weights = Random<T>(neurons * inputs, 4);
        T[] biases = Random<T>(neurons, 5);
        T[] a = Random<T>(inputs * stride, 6);
        T[] sums = Filled(neurons * stride, T.NaN, sentinels: 3);

        KernelWidth.WeightedSums(width, weights, biases, inputs, a, sums, stride);

        for (int j = 0; j < neurons; j++)
        {
            for (int r = 0; r < stride; r++)
            {
                double expected = double.CreateTruncating(biases[j]);
                double scale = Math.Abs(expected);
                for (int i = 0; i < inputs; i++)
                {
                    double term = double.CreateTruncating(weights[(j * inputs) + i]) * double.CreateTruncating(a[(i * stride) + r]);
                    expected += term;
                    scale += Math.Abs(term);
                }

                AssertClose(expected, scale, sums[(j * stride) + r], tolerance, $"z[{j}, {r}]");
            }
        }

        AssertSentinelsKept(sums, neurons * stride);
    }

    private static void CheckBackpropagatedSums<T>(string width, int shape, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (neurons, inputs, _, stride) = Shape(shape);
        T[] weights = Random<T>(neurons * inputs, 7);
        T[] deltas = Random<T>(neurons * stride, 8);
        T[] sums = Filled(inputs * stride, T.NaN, sentinels: 3);

        KernelWidth.BackpropagatedSums(width, weights, neurons, inputs, deltas, sums, stride);

        for (int i = 0; i < inputs; i++)
        {
            for (int r = 0; r < stride; r++)
            {
                double expected = 0;
                double scale = 0;
                for (int j = 0; j < neurons; j++)
                {
                    double term = double.CreateTruncating(weights[(j * inputs) + i]) * double.CreateTruncating(deltas[(j * stride) + r]);
                    expected += term;
                    scale += Math.Abs(term);
                }

                AssertClose(expected, scale, sums[(i * stride) + r], tolerance, $"s[{i}, {r}]");
            }
        }

        AssertSentinelsKept(sums, inputs * stride);
    }

    // add: false starts the arrays at NaN: a kernel that writes must never read them.
    private static void CheckAddGradients<T>(string width, int shape, double tolerance, bool add = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (neurons, inputs, rows, stride) = Shape(shape);
        T[] deltas = Random<T>(neurons * stride, 9);
        T[] x = Random<T>((rows + 1) * inputs, 10);
        for (int j = 0; j < neurons; j++)
        {
            deltas.AsSpan((j * stride) + rows, stride - rows).Fill(T.NaN);
        }

        // A row past the last: the kernels are told the row count and must not read it.
        x.AsSpan(rows * inputs).Fill(T.NaN);
        T[] weightGradients = Random<T>(neurons * inputs, 11);
        T[] biasGradients = Random<T>(neurons, 12);
        T[] weightsBefore = add ? (T[])weightGradients.Clone() : new T[weightGradients.Length];
        T[] biasesBefore = add ? (T[])biasGradients.Clone() : new T[biasGradients.Length];
        if (!add)
        {
            weightGradients.AsSpan().Fill(T.NaN);
            biasGradients.AsSpan().Fill(T.NaN);
        }

        KernelWidth.AddGradients(width, deltas, stride, x, rows, inputs, weightGradients, biasGradients, add);

        for (int j = 0; j < neurons; j++)
        {
            double bias = double.CreateTruncating(biasesBefore[j]);
            double biasScale = Math.Abs(bias);
            for (int r = 0; r < rows; r++)
            {
                bias += double.CreateTruncating(deltas[(j * stride) + r]);
                biasScale += Math.Abs(double.CreateTruncating(deltas[(j * stride) + r]));
            }

            AssertClose(bias, biasScale, biasGradients[j], tolerance, $"bias gradient {j}");
            for (int i = 0; i < inputs; i++)
            {
                double expected = double.CreateTruncating(weightsBefore[(j * inputs) + i]);
                double scale = Math.Abs(expected);
                for (int r = 0; r < rows; r++)
                {
                    double term = double.CreateTruncating(deltas[(j * stride) + r]) * double.CreateTruncating(x[(r * inputs) + i]);
                    expected += term;
                    scale += Math.Abs(term);
                }

                AssertClose(expected, scale, weightGradients[(j * inputs) + i], tolerance, $"weight gradient [{j}, {i}]");
            }
        }
    }

    private static void CheckZeroIfFinite<T>(string width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int length = 0; length <= 40; length++)
        {
            T[] values = Random<T>(length, length);
            Assert.Equal(T.Zero, KernelWidth.ZeroIfFinite(width, values));
            foreach (T bad in new[] { T.NaN, T.PositiveInfinity, T.NegativeInfinity })
            {
                for (int at = 0; at < length; at++)
                {
                    T[] spoiled = (T[])values.Clone();
                    spoiled[at] = bad;
                    Assert.True(T.IsNaN(KernelWidth.ZeroIfFinite(width, spoiled)), $"{bad} at {at} of {length}");
                }
            }
        }
    }

    private static (int Neurons, int Inputs, int Rows, int Stride) Shape(int index)
    {
        var (neurons, inputs, rows, extra) = s_shapes[index];
        return (neurons, inputs, rows, Unrolled.Kernels.BatchKernels.Stride(rows) + extra);
    }

    private static void AssertClose<T>(double expected, double scale, T actual, double tolerance, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double got = double.CreateTruncating(actual);
        double allowed = tolerance * Math.Max(scale, 1e-300);
        Assert.True(Math.Abs(got - expected) <= allowed, $"{what}: expected {expected:R}, got {got:R} (allowed error {allowed:R})");
    }

    internal static T[] Random<T>(int length, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        T[] values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    // Output arrays start as NaN, so a lane the kernel forgets fails, followed by sentinels it must not touch.
    private static T[] Filled<T>(int length, T value, int sentinels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] values = new T[length + sentinels];
        values.AsSpan(0, length).Fill(value);
        values.AsSpan(length).Fill(T.CreateTruncating(12345));
        return values;
    }

    private static void AssertSentinelsKept<T>(T[] values, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (T value in values.AsSpan(length))
        {
            Assert.Equal(T.CreateTruncating(12345), value);
        }
    }
}
