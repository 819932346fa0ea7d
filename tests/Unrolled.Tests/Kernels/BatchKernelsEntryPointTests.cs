using System.Diagnostics;
using System.Runtime.Intrinsics;
using Unrolled.Kernels;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Kernels;

/// <summary>
/// The public entry points of <see cref="BatchKernels"/>: lengths checked before any kernel runs, the
/// widest accelerated kernel chosen, nothing allocated.
/// </summary>
public sealed class BatchKernelsEntryPointTests
{
    private const int Neurons = 10;
    private const int Inputs = 37;
    private const int Rows = 33;
    private const int Stride = 48;

    private readonly double[] _weights = BatchKernelsTests.Random<double>(Neurons * Inputs, 1);
    private readonly double[] _biases = BatchKernelsTests.Random<double>(Neurons, 2);
    private readonly double[] _x = BatchKernelsTests.Random<double>(Rows * Inputs, 3);
    private readonly double[] _a = BatchKernelsTests.Random<double>(Inputs * Stride, 4);
    private readonly double[] _deltas = BatchKernelsTests.Random<double>(Neurons * Stride, 5);
    private readonly double[] _sums = new double[Neurons * Stride];
    private readonly double[] _below = new double[Inputs * Stride];
    private readonly double[] _weightGradients = new double[Neurons * Inputs];
    private readonly double[] _biasGradients = new double[Neurons];

    [Fact]
    public void Stride_rounds_the_row_count_up_to_the_alignment()
    {
        Assert.Equal([0, 16, 16, 16, 32, 64, 80], new[] { 0, 1, 15, 16, 17, 64, 65 }.Select(BatchKernels.Stride));
    }

    [Fact]
    public void WeightedSumsOfRows_names_each_wrong_length()
    {
        AssertRejected<ArgumentException>("weights", () => BatchKernels.WeightedSumsOfRows(_weights.AsSpan(1), _biases, _x, Rows, _sums, Stride));
        AssertRejected<ArgumentException>("weights", () => BatchKernels.WeightedSumsOfRows(_weights, [], _x, Rows, _sums, Stride));
        AssertRejected<ArgumentOutOfRangeException>("stride", () => BatchKernels.WeightedSumsOfRows(_weights, _biases, _x, Rows, _sums, 40));
        AssertRejected<ArgumentOutOfRangeException>("stride", () => BatchKernels.WeightedSumsOfRows(_weights, _biases, _x, Rows, _sums, 32));
        AssertRejected<ArgumentException>("x", () => BatchKernels.WeightedSumsOfRows(_weights, _biases, _x.AsSpan(1), Rows, _sums, Stride));
        AssertRejected<ArgumentException>("sums", () => BatchKernels.WeightedSumsOfRows(_weights, _biases, _x, Rows, _sums.AsSpan(1), Stride));
    }

    [Fact]
    public void WeightedSums_names_each_wrong_length()
    {
        AssertRejected<ArgumentException>("weights", () => BatchKernels.WeightedSums(_weights.AsSpan(1), _biases, _a, _sums, Stride));
        AssertRejected<ArgumentOutOfRangeException>("stride", () => BatchKernels.WeightedSums(_weights, _biases, _a, _sums, 24));
        AssertRejected<ArgumentException>("a", () => BatchKernels.WeightedSums(_weights, _biases, _a.AsSpan(1), _sums, Stride));
        AssertRejected<ArgumentException>("sums", () => BatchKernels.WeightedSums(_weights, _biases, _a, _sums.AsSpan(1), Stride));
    }

    [Fact]
    public void BackpropagatedSums_names_each_wrong_length()
    {
        AssertRejected<ArgumentException>("weights", () => BatchKernels.BackpropagatedSums(_weights.AsSpan(1), Inputs, _deltas, _below, Stride));
        AssertRejected<ArgumentException>("weights", () => BatchKernels.BackpropagatedSums(_weights, 0, _deltas, _below, Stride));
        AssertRejected<ArgumentOutOfRangeException>("stride", () => BatchKernels.BackpropagatedSums(_weights, Inputs, _deltas, _below, 8));
        AssertRejected<ArgumentException>("deltas", () => BatchKernels.BackpropagatedSums(_weights, Inputs, _deltas.AsSpan(1), _below, Stride));
        AssertRejected<ArgumentException>("sums", () => BatchKernels.BackpropagatedSums(_weights, Inputs, _deltas, _below.AsSpan(1), Stride));
    }

    [Fact]
    public void AddGradients_names_each_wrong_length()
    {
        AssertRejected<ArgumentException>("weightGradients", () => BatchKernels.AddGradients(_deltas, Stride, _x, Rows, _weightGradients.AsSpan(1), _biasGradients));
        AssertRejected<ArgumentOutOfRangeException>("stride", () => BatchKernels.AddGradients(_deltas, 32, _x, Rows, _weightGradients, _biasGradients));
        AssertRejected<ArgumentException>("deltas", () => BatchKernels.AddGradients(_deltas.AsSpan(1), Stride, _x, Rows, _weightGradients, _biasGradients));
        AssertRejected<ArgumentException>("x", () => BatchKernels.AddGradients(_deltas, Stride, _x.AsSpan(1), Rows, _weightGradients, _biasGradients));
    }

    [Fact]
    public void TransposeToRows_copies_the_rows_out_and_names_each_wrong_length()
    {
        double[] destination = new double[(Rows * Inputs) + 1];
        destination[^1] = 7;
        BatchKernels.TransposeToRows(_a, Stride, Rows, Inputs, destination);
        for (int r = 0; r < Rows; r++)
        {
            for (int i = 0; i < Inputs; i++)
            {
                Assert.Equal(_a[(i * Stride) + r], destination[(r * Inputs) + i]);
            }
        }

        Assert.Equal(7, destination[^1]);
        AssertRejected<ArgumentOutOfRangeException>("stride", () => BatchKernels.TransposeToRows(_a, 40, Rows, Inputs, destination));
        AssertRejected<ArgumentException>("transposed", () => BatchKernels.TransposeToRows(_a.AsSpan(1), Stride, Rows, Inputs, destination));
        AssertRejected<ArgumentException>("destination", () => BatchKernels.TransposeToRows(_a, Stride, Rows, Inputs, destination.AsSpan(2)));
    }

    [Fact]
    public void A_rejected_call_writes_nothing()
    {
        _sums.AsSpan().Fill(3);
        Assert.Throws<ArgumentException>(() => BatchKernels.WeightedSums(_weights, _biases, _a, _sums.AsSpan(0, _sums.Length - 1), Stride));
        Assert.All(_sums, value => Assert.Equal(3, value));
    }

    [Fact]
    public void The_entry_points_run_the_widest_accelerated_kernel()
    {
        // The widths round differently (tile order, fused multiply-add), so bit-equal results name the kernel that ran.
        string widest = new[] { "512", "256", "128" }.FirstOrDefault(KernelWidth.IsSupported) ?? "scalar";
        float[] weights = BatchKernelsTests.Random<float>(Neurons * 784, 6);
        float[] biases = BatchKernelsTests.Random<float>(Neurons, 7);
        float[] x = BatchKernelsTests.Random<float>(Rows * 784, 8);
        float[] expected = new float[Neurons * Stride];
        float[] actual = new float[Neurons * Stride];
        KernelWidth.WeightedSumsOfRows(widest, weights, biases, 784, x, Rows, expected, Stride);
        BatchKernels.WeightedSumsOfRows(weights, biases, x, Rows, actual, Stride);
        Assert.Equal(expected, actual);

        foreach (string other in KernelWidth.All.Where(w => w != widest && w != "checked" && KernelWidth.IsSupported(w)))
        {
            float[] theirs = new float[Neurons * Stride];
            KernelWidth.WeightedSumsOfRows(other, weights, biases, 784, x, Rows, theirs, Stride);
            Assert.NotEqual(expected, theirs);
        }
    }

    /// <summary>
    /// Where 256-bit vectors are not accelerated but fused multiply-add is (Arm64's AdvSimd, or x86's FMA
    /// without AVX2), the entry points run the 128-bit kernels. On a machine with 256-bit vectors the test
    /// runs itself again in a child process with DOTNET_PreferredVectorBitWidth=128, under which the JIT
    /// reports 256- and 512-bit vectors as not accelerated and keeps FMA: the x86 case, on this machine.
    /// </summary>
    [Fact]
    public void Without_accelerated_256_bit_vectors_the_entry_points_run_the_128_bit_kernels()
    {
        if (Vector256.IsHardwareAccelerated)
        {
            (int exitCode, string output) = RunThisTestWithVectorsCappedAt128Bits();
            Assert.True(exitCode == 0 && output.Contains("Total: 1, Errors: 0, Failed: 0, Skipped: 0", StringComparison.Ordinal), output);
            return;
        }

        KernelWidth.SkipUnlessSupported("128");
        Assert.Equal(128, WidestBatchKernels.Width);
        double[] expected = new double[Neurons * Stride];
        double[] actual = new double[Neurons * Stride];
        KernelWidth.WeightedSumsOfRows("128", _weights, _biases, Inputs, _x, Rows, expected, Stride);
        BatchKernels.WeightedSumsOfRows(_weights, _biases, _x, Rows, actual, Stride);
        Assert.Equal(expected, actual);

        double[] plain = new double[Neurons * Stride];
        KernelWidth.WeightedSumsOfRows("scalar", _weights, _biases, Inputs, _x, Rows, plain, Stride);
        Assert.NotEqual(expected, plain);
    }

    // xunit.v3's own console runner, which this test assembly is when started directly.
    private static (int ExitCode, string Output) RunThisTestWithVectorsCappedAt128Bits()
    {
        string dotnet = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"))
            .First(File.Exists);
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { typeof(BatchKernelsEntryPointTests).Assembly.Location, "-method",
            $"{typeof(BatchKernelsEntryPointTests).FullName}.{nameof(Without_accelerated_256_bit_vectors_the_entry_points_run_the_128_bit_kernels)}", "-noColor" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_PreferredVectorBitWidth"] = "128";
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    [Fact]
    public void The_entry_points_allocate_nothing()
    {
        float[] single = new float[Neurons * Stride];
        float[] singleWeights = new float[Neurons * Inputs];
        float[] singleBiases = new float[Neurons];
        float[] singleX = new float[Rows * Inputs];
        double[] rows = new double[Rows * Inputs];
        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (int call = 0; call < 100; call++)
            {
                BatchKernels.WeightedSumsOfRows(_weights, _biases, _x, Rows, _sums, Stride);
                BatchKernels.WeightedSums(_weights, _biases, _a, _sums, Stride);
                BatchKernels.BackpropagatedSums(_weights, Inputs, _deltas, _below, Stride);
                BatchKernels.AddGradients(_deltas, Stride, _x, Rows, _weightGradients, _biasGradients);
                BatchKernels.TransposeToRows(_a, Stride, Rows, Inputs, rows);
                _ = BatchKernels.ZeroIfFinite(_sums);
                BatchKernels.WeightedSumsOfRows(singleWeights, singleBiases, singleX, Rows, single, Stride);
                BatchKernels.AddGradients(single, Stride, singleX, Rows, singleWeights, singleBiases);
                _ = BatchKernels.ZeroIfFinite(single);
            }
        }));
    }

    private static void AssertRejected<TException>(string parameter, Action call)
        where TException : ArgumentException
    {
        TException exception = Assert.Throws<TException>(call);
        Assert.Equal(parameter, exception.ParamName);
    }
}
