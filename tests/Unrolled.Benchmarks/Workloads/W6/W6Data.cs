namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// W6's data (../shared/bench/WORKLOADS.md): 1,024 fixed pseudo-random rows of 784 inputs uniform in
/// [0, 1) and one-hot targets over 10 classes, the same for every implementation.
/// </summary>
public static class W6Data
{
    public const int Rows = 1024;
    public const int Batch = 64;
    public const int Inputs = 784;
    public const int Classes = 10;
    public const double LearningRate = 0.001;

    /// <summary>Every row's inputs, row-major, from SplitMix64 seeded with 6.</summary>
    public static double[] InputRows() => InputRows(Rows, 6);

    /// <summary>Rows of 784 inputs uniform in [0, 1), row-major, from SplitMix64 with the seed given.</summary>
    public static double[] InputRows(int rows, ulong seed)
    {
        var random = new SplitMix64(seed);
        return [.. Enumerable.Range(0, rows * Inputs).Select(_ => random.NextDouble())];
    }

    /// <summary>Every row's class, from SplitMix64 seeded with 66.</summary>
    public static int[] ClassOfRows()
    {
        var random = new SplitMix64(66);
        return [.. Enumerable.Range(0, Rows).Select(_ => (int)(random.NextDouble() * Classes))];
    }

    /// <summary>The classes as one-hot target rows, row-major.</summary>
    public static double[] TargetRows()
    {
        var targets = new double[Rows * Classes];
        int[] classes = ClassOfRows();
        for (int row = 0; row < Rows; row++)
        {
            targets[(row * Classes) + classes[row]] = 1;
        }

        return targets;
    }
}

/// <summary>W6 in double: Fashion-MNIST's size, ReLU, softmax with cross-entropy, Adam. 404 activations.</summary>
[Network(784, 256, 128, 10, Hidden = Activation.ReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)]
public sealed partial class FashionNetwork;

/// <summary>W6 in float.</summary>
[Network(784, 256, 128, 10, Hidden = Activation.ReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, Precision = Precision.Single)]
public sealed partial class SingleFashionNetwork;
