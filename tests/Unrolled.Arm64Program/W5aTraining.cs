using System;
using System.Globalization;
using System.Linq;

namespace Unrolled.Arm64Program;

/// <summary>W5a's network: 64-32-10, sigmoid, squared error, gradient descent (the blocked layout).</summary>
[Network(64, 32, 10)]
public sealed partial class W5aNetwork;

/// <summary>
/// W5a of the shared workloads (bench/WORKLOADS.md), trained for a fixed number of epochs, so that
/// Arm64 (this program) and x64 (the Arm64 test) can compare parameters: Randomize(1); 256 rows of
/// inputs from SplitMix64 seeded with 5, uniform in [0, 1); 0/1 targets from SplitMix64 seeded with
/// 55 (1 where the draw is at least 0.5); consecutive batches of 32 rows, one TrainBatch each at
/// learning rate 0.5; 10 epochs, 80 batches.
/// </summary>
public static class W5aTraining
{
    public const int Rows = 256;
    public const int BatchRows = 32;
    public const int Epochs = 10;
    public const double LearningRate = 0.5;

    /// <summary>Arm64 and x64 sum in other orders with vectors of other widths: this much apart at most.</summary>
    public const double Tolerance = 1e-12;

    /// <summary>The parameters after the training, in the order of CopyParametersTo.</summary>
    public static double[] Train()
    {
        var network = new W5aNetwork();
        network.Randomize(1);
        double[] inputs = Draw(Rows * W5aNetwork.InputCount, seed: 5, binary: false);
        double[] targets = Draw(Rows * W5aNetwork.OutputCount, seed: 55, binary: true);
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            for (int first = 0; first < Rows; first += BatchRows)
            {
                network.TrainBatch(
                    inputs.AsSpan(first * W5aNetwork.InputCount, BatchRows * W5aNetwork.InputCount),
                    targets.AsSpan(first * W5aNetwork.OutputCount, BatchRows * W5aNetwork.OutputCount),
                    LearningRate);
            }
        }

        double[] parameters = new double[W5aNetwork.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }

    /// <summary>Each parameter's 64 bits in hexadecimal, space-separated: exact, and the same on every machine.</summary>
    public static string ToBits(double[] parameters) =>
        string.Join(" ", parameters.Select(p => BitConverter.DoubleToInt64Bits(p).ToString("x16", CultureInfo.InvariantCulture)));

    public static double[] FromBits(string bits) =>
        [.. bits.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => BitConverter.Int64BitsToDouble(long.Parse(word, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))];

    /// <summary>The largest difference between two sets of parameters: infinity where their counts differ, NaN where one is NaN.</summary>
    public static double LargestDifference(double[] a, double[] b)
    {
        if (a.Length != b.Length)
        {
            return double.PositiveInfinity;
        }

        double largest = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double difference = Math.Abs(a[i] - b[i]);
            if (double.IsNaN(difference))
            {
                return double.NaN;
            }

            largest = Math.Max(largest, difference);
        }

        return largest;
    }

    private static double[] Draw(int count, ulong seed, bool binary)
    {
        var random = new SplitMix64(seed);
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble();
            values[i] = binary ? (u < 0.5 ? 0 : 1) : u;
        }

        return values;
    }
}
