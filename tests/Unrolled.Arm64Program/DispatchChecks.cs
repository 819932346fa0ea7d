using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using Unrolled.Kernels;

namespace Unrolled.Arm64Program;

/// <summary>
/// That this is Arm64 with AdvSimd, and that the public entry points of <see cref="BatchKernels"/> (what
/// generated networks call) run the 128-bit kernels: the widths and the plain loops round differently
/// (summation order, fused multiply-add), so a result equal to the last bit names the kernel that ran.
/// </summary>
internal static class DispatchChecks
{
    private const int Neurons = 10;
    private const int Inputs = 784;
    private const int Rows = 33;
    private const int Stride = 48;

    public static void Run(Report report)
    {
        report.That($"runs on Arm64 (process architecture: {RuntimeInformation.ProcessArchitecture})", RuntimeInformation.ProcessArchitecture == Architecture.Arm64);
        report.That("AdvSimd with fused multiply-add of doubles (AdvSimd.Arm64.IsSupported)", AdvSimd.Arm64.IsSupported);
        report.That($"Vector128 accelerated, Vector256 not (Vector128: {Vector128.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated})",
            Vector128.IsHardwareAccelerated && !Vector256.IsHardwareAccelerated);
        report.That($"the dispatcher chose the 128-bit kernels (WidestBatchKernels.Width: {WidestBatchKernels.Width})", WidestBatchKernels.Width == 128);

        double[] weights = Data.Random<double>(Neurons * Inputs, 11);
        double[] biases = Data.Random<double>(Neurons, 12);
        double[] x = Data.Random<double>(Rows * Inputs, 13);
        double[] a = Data.Random<double>(Inputs * Stride, 14);
        double[] deltas = Data.Random<double>(Neurons * Stride, 15);

        double[] entry = new double[Neurons * Stride];
        double[] vector = new double[Neurons * Stride];
        double[] plain = new double[Neurons * Stride];
        BatchKernels.WeightedSumsOfRows(weights, biases, x, Rows, entry, Stride);
        Vector128BatchKernels.WeightedSumsOfRows<double>(weights, biases, Inputs, x, Rows, vector, Stride);
        PlainLoops.WeightedSumsOfRows(weights, biases, Inputs, x, Rows, plain, Stride);
        Ran(report, "WeightedSumsOfRows (double)", entry, vector, plain);

        float[] singleWeights = Data.Random<float>(Neurons * Inputs, 16);
        float[] singleBiases = Data.Random<float>(Neurons, 17);
        float[] singleX = Data.Random<float>(Rows * Inputs, 18);
        float[] singleEntry = new float[Neurons * Stride];
        float[] singleVector = new float[Neurons * Stride];
        float[] singlePlain = new float[Neurons * Stride];
        BatchKernels.WeightedSumsOfRows(singleWeights, singleBiases, singleX, Rows, singleEntry, Stride);
        Vector128BatchKernels.WeightedSumsOfRows<float>(singleWeights, singleBiases, Inputs, singleX, Rows, singleVector, Stride);
        PlainLoops.WeightedSumsOfRows(singleWeights, singleBiases, Inputs, singleX, Rows, singlePlain, Stride);
        Ran(report, "WeightedSumsOfRows (float)", singleEntry, singleVector, singlePlain);

        entry = new double[Neurons * Stride];
        vector = new double[Neurons * Stride];
        plain = new double[Neurons * Stride];
        BatchKernels.WeightedSums(weights, biases, a, entry, Stride);
        Vector128BatchKernels.WeightedSums<double>(weights, biases, Inputs, a, vector, Stride);
        PlainLoops.WeightedSums(weights, biases, Inputs, a, plain, Stride);
        Ran(report, "WeightedSums", entry, vector, plain);

        entry = new double[Inputs * Stride];
        vector = new double[Inputs * Stride];
        plain = new double[Inputs * Stride];
        BatchKernels.BackpropagatedSums(weights, Inputs, deltas, entry, Stride);
        Vector128BatchKernels.BackpropagatedSums<double>(weights, Neurons, Inputs, deltas, vector, Stride);
        PlainLoops.BackpropagatedSums(weights, Neurons, Inputs, deltas, plain, Stride);
        Ran(report, "BackpropagatedSums", entry, vector, plain);

        // The weight gradients and then the bias gradients, in one array per kernel.
        double[] entryGradients = new double[(Neurons * Inputs) + Neurons];
        double[] vectorGradients = new double[(Neurons * Inputs) + Neurons];
        double[] plainGradients = new double[(Neurons * Inputs) + Neurons];
        BatchKernels.AddGradients(deltas, Stride, x, Rows, entryGradients.AsSpan(0, Neurons * Inputs), entryGradients.AsSpan(Neurons * Inputs));
        Vector128BatchKernels.AddGradients<double>(deltas, Stride, x, Rows, Inputs, vectorGradients.AsSpan(0, Neurons * Inputs), vectorGradients.AsSpan(Neurons * Inputs), add: true);
        PlainLoops.AddGradients(deltas, Stride, x, Rows, Inputs, plainGradients);
        Ran(report, "AddGradients", entryGradients, vectorGradients, plainGradients);
    }

    // The entry point gave the 128-bit kernel's result to the last bit, and the plain loops' differs from it,
    // so the entry point ran neither the loops nor another width.
    private static void Ran<T>(Report report, string kernel, T[] entry, T[] vector, T[] plain) =>
        report.That($"BatchKernels.{kernel} runs the 128-bit kernel (its result to the last bit; the plain loops' differs)",
            entry.SequenceEqual(vector) && !plain.SequenceEqual(vector));
}
