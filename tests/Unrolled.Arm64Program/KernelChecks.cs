using System;
using System.Numerics;
using Unrolled.Kernels;

namespace Unrolled.Arm64Program;

/// <summary>
/// Every 128-bit batch kernel against the plain loops (<see cref="ScalarBatchKernels"/>), in double and
/// float, for the shapes of the x64 kernel tests (tests/Unrolled.Tests/Kernels/BatchKernelsTests.cs):
/// between them every tile and its remainders. Outputs start as NaN, so a lane a kernel forgets
/// fails, and are followed by sentinels it must not touch.
/// </summary>
internal static class KernelChecks
{
    // neurons, inputs, rows, extra stride: 1 to 13 neurons, 1 to 129 inputs, 1 to 64 rows.
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

    private const int Sentinels = 3;
    private const double Sentinel = 12345;

    public static void Run(Report report)
    {
        foreach (var shape in s_shapes)
        {
            string name = $"{shape.Neurons}x{shape.Inputs}, {shape.Rows} rows, stride +{shape.ExtraStride}";
            Run<double>(report, shape, name + ", double", 1e-12);
            Run<float>(report, shape, name + ", float", 1e-5);
        }

        report.That("ZeroIfFinite, double", ZeroIfFiniteIsRight<double>());
        report.That("ZeroIfFinite, float", ZeroIfFiniteIsRight<float>());
    }

    private static void Run<T>(Report report, (int Neurons, int Inputs, int Rows, int ExtraStride) shape, string name, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int neurons = shape.Neurons;
        int inputs = shape.Inputs;
        int rows = shape.Rows;
        int stride = BatchKernels.Stride(rows) + shape.ExtraStride;
        T[] weights = Data.Random<T>(neurons * inputs, 1);
        T[] biases = Data.Random<T>(neurons, 2);
        T[] x = Data.Random<T>(rows * inputs, 3);
        T[] a = Data.Random<T>(inputs * stride, 4);
        T[] deltas = Data.Random<T>(neurons * stride, 5);

        // WeightedSumsOfRows: the padding lanes get the bias exactly.
        T[] vector = Output<T>(neurons * stride);
        T[] scalar = Output<T>(neurons * stride);
        T[] scale = Output<T>(neurons * stride);
        Vector128BatchKernels.WeightedSumsOfRows<T>(weights, biases, inputs, x, rows, vector, stride);
        PlainLoops.WeightedSumsOfRows(weights, biases, inputs, x, rows, scalar, stride);
        PlainLoops.WeightedSumsOfRows(Data.Abs(weights), Data.Abs(biases), inputs, Data.Abs(x), rows, scale, stride);
        bool paddingIsBias = true;
        for (int j = 0; j < neurons; j++)
        {
            for (int r = rows; r < stride; r++)
            {
                paddingIsBias &= vector[(j * stride) + r] == biases[j];
            }
        }

        report.That($"WeightedSumsOfRows {name}", Close(vector, scalar, scale, neurons * stride, tolerance) && paddingIsBias);

        // WeightedSums: every lane of the stride.
        vector = Output<T>(neurons * stride);
        scalar = Output<T>(neurons * stride);
        scale = Output<T>(neurons * stride);
        Vector128BatchKernels.WeightedSums<T>(weights, biases, inputs, a, vector, stride);
        PlainLoops.WeightedSums(weights, biases, inputs, a, scalar, stride);
        PlainLoops.WeightedSums(Data.Abs(weights), Data.Abs(biases), inputs, Data.Abs(a), scale, stride);
        report.That($"WeightedSums {name}", Close(vector, scalar, scale, neurons * stride, tolerance));

        // BackpropagatedSums: overwrites every sum of the layer below.
        vector = Output<T>(inputs * stride);
        scalar = Output<T>(inputs * stride);
        scale = Output<T>(inputs * stride);
        Vector128BatchKernels.BackpropagatedSums<T>(weights, neurons, inputs, deltas, vector, stride);
        PlainLoops.BackpropagatedSums(weights, neurons, inputs, deltas, scalar, stride);
        PlainLoops.BackpropagatedSums(Data.Abs(weights), neurons, inputs, Data.Abs(deltas), scale, stride);
        report.That($"BackpropagatedSums {name}", Close(vector, scalar, scale, inputs * stride, tolerance));

        // AddGradients: adds to what is there, and reads neither the padding lanes nor a row past the last.
        T[] paddedDeltas = (T[])deltas.Clone();
        for (int j = 0; j < neurons; j++)
        {
            paddedDeltas.AsSpan((j * stride) + rows, stride - rows).Fill(T.NaN);
        }

        T[] xAndOneMore = new T[(rows + 1) * inputs];
        x.CopyTo(xAndOneMore, 0);
        xAndOneMore.AsSpan(rows * inputs).Fill(T.NaN);
        T[] startWeights = Data.Random<T>(neurons * inputs, 6);
        T[] startBiases = Data.Random<T>(neurons, 7);
        T[] vectorWeights = (T[])startWeights.Clone();
        T[] vectorBiases = (T[])startBiases.Clone();
        T[] scalarWeights = (T[])startWeights.Clone();
        T[] scalarBiases = (T[])startBiases.Clone();
        T[] scaleWeights = Data.Abs(startWeights);
        T[] scaleBiases = Data.Abs(startBiases);
        Vector128BatchKernels.AddGradients<T>(paddedDeltas, stride, xAndOneMore, rows, inputs, vectorWeights, vectorBiases, add: true);
        PlainLoops.AddGradients(deltas, stride, x, rows, inputs, scalarWeights, scalarBiases);
        PlainLoops.AddGradients(Data.Abs(deltas), stride, Data.Abs(x), rows, inputs, scaleWeights, scaleBiases);
        report.That($"AddGradients {name}",
            Close(vectorWeights, scalarWeights, scaleWeights, neurons * inputs, tolerance) && Close(vectorBiases, scalarBiases, scaleBiases, neurons, tolerance));

        // The same kernel writing (the first block of a batch): what the arrays held, NaN here, is overwritten.
        T[] writtenWeights = new T[neurons * inputs];
        T[] writtenBiases = new T[neurons];
        writtenWeights.AsSpan().Fill(T.NaN);
        writtenBiases.AsSpan().Fill(T.NaN);
        T[] fromZeroWeights = new T[neurons * inputs];
        T[] fromZeroBiases = new T[neurons];
        Vector128BatchKernels.AddGradients<T>(paddedDeltas, stride, xAndOneMore, rows, inputs, writtenWeights, writtenBiases, add: false);
        PlainLoops.AddGradients(deltas, stride, x, rows, inputs, fromZeroWeights, fromZeroBiases);
        report.That($"WriteGradients {name}",
            Close(writtenWeights, fromZeroWeights, scaleWeights, neurons * inputs, tolerance) && Close(writtenBiases, fromZeroBiases, scaleBiases, neurons, tolerance));
    }

    // Within tolerance times the sum of the terms' magnitudes, for the first `length` values; the sentinels after them kept.
    private static bool Close<T>(T[] actual, T[] expected, T[] scale, int length, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < length; i++)
        {
            double allowed = tolerance * Math.Max(double.CreateTruncating(scale[i]), 1e-300);
            if (!(Math.Abs(double.CreateTruncating(actual[i]) - double.CreateTruncating(expected[i])) <= allowed))
            {
                Console.WriteLine($"  value {i}: {actual[i]} where the plain loops give {expected[i]} (allowed error {allowed:G3})");
                return false;
            }
        }

        for (int i = length; i < actual.Length; i++)
        {
            if (actual[i] != T.CreateTruncating(Sentinel))
            {
                Console.WriteLine($"  value {i}, past the output, was overwritten with {actual[i]}");
                return false;
            }
        }

        return true;
    }

    private static bool ZeroIfFiniteIsRight<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int length = 0; length <= 40; length++)
        {
            T[] values = Data.Random<T>(length, (ulong)length);
            if (Vector128BatchKernels.ZeroIfFinite<T>(values) != T.Zero)
            {
                return false;
            }

            foreach (T bad in new[] { T.NaN, T.PositiveInfinity, T.NegativeInfinity })
            {
                for (int at = 0; at < length; at++)
                {
                    T[] spoiled = (T[])values.Clone();
                    spoiled[at] = bad;
                    if (!T.IsNaN(Vector128BatchKernels.ZeroIfFinite<T>(spoiled)))
                    {
                        Console.WriteLine($"  {bad} at {at} of {length} not seen");
                        return false;
                    }
                }
            }
        }

        return true;
    }

    // A kernel's output: NaN where it writes, then sentinels.
    private static T[] Output<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] values = new T[length + Sentinels];
        values.AsSpan(0, length).Fill(T.NaN);
        values.AsSpan(length).Fill(T.CreateTruncating(Sentinel));
        return values;
    }
}
