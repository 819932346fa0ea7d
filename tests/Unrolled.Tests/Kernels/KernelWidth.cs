using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Unrolled.Kernels;

namespace Unrolled.Tests.Kernels;

/// <summary>
/// One implementation of the batch kernels, called directly so that every width is tested on a machine
/// whose entry points would pick only the widest: "scalar", "128", "256", "512", or "checked" (the public
/// entry points, which choose for themselves).
/// </summary>
internal static class KernelWidth
{
    public static readonly string[] All = ["scalar", "128", "256", "512", "checked"];

    /// <summary>Skips the test when this machine cannot run the width's instructions.</summary>
    public static void SkipUnlessSupported(string width) =>
        Assert.SkipUnless(IsSupported(width), $"this machine cannot run the {width}-bit kernels");

    public static bool IsSupported(string width) => width switch
    {
        "512" => Vector512.IsHardwareAccelerated,
        "256" => Vector256.IsHardwareAccelerated && Fma.IsSupported,
        "128" => Vector128.IsHardwareAccelerated && (AdvSimd.Arm64.IsSupported || Fma.IsSupported),
        _ => true,
    };

    public static void WeightedSumsOfRows<T>(string width, T[] weights, T[] biases, int inputs, T[] x, int rows, T[] sums, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (width)
        {
            case "512": Vector512BatchKernels.WeightedSumsOfRows<T>(weights, biases, inputs, x, rows, sums, stride); break;
            case "256": Vector256BatchKernels.WeightedSumsOfRows<T>(weights, biases, inputs, x, rows, sums, stride); break;
            case "128": Vector128BatchKernels.WeightedSumsOfRows<T>(weights, biases, inputs, x, rows, sums, stride); break;
            case "scalar" when typeof(T) == typeof(double): ScalarBatchKernels.WeightedSumsOfRows(D(weights), D(biases), inputs, D(x), rows, DW(sums), stride); break;
            case "scalar": ScalarBatchKernels.WeightedSumsOfRows(F(weights), F(biases), inputs, F(x), rows, FW(sums), stride); break;
            case "checked" when typeof(T) == typeof(double): BatchKernels.WeightedSumsOfRows(D(weights), D(biases), D(x), rows, DW(sums), stride); break;
            default: BatchKernels.WeightedSumsOfRows(F(weights), F(biases), F(x), rows, FW(sums), stride); break;
        }
    }

    public static void WeightedSums<T>(string width, T[] weights, T[] biases, int inputs, T[] a, T[] sums, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (width)
        {
            case "512": Vector512BatchKernels.WeightedSums<T>(weights, biases, inputs, a, sums, stride); break;
            case "256": Vector256BatchKernels.WeightedSums<T>(weights, biases, inputs, a, sums, stride); break;
            case "128": Vector128BatchKernels.WeightedSums<T>(weights, biases, inputs, a, sums, stride); break;
            case "scalar" when typeof(T) == typeof(double): ScalarBatchKernels.WeightedSums(D(weights), D(biases), inputs, D(a), DW(sums), stride); break;
            case "scalar": ScalarBatchKernels.WeightedSums(F(weights), F(biases), inputs, F(a), FW(sums), stride); break;
            case "checked" when typeof(T) == typeof(double): BatchKernels.WeightedSums(D(weights), D(biases), D(a), DW(sums), stride); break;
            default: BatchKernels.WeightedSums(F(weights), F(biases), F(a), FW(sums), stride); break;
        }
    }

    public static void BackpropagatedSums<T>(string width, T[] weights, int neurons, int inputs, T[] deltas, T[] sums, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (width)
        {
            case "512": Vector512BatchKernels.BackpropagatedSums<T>(weights, neurons, inputs, deltas, sums, stride); break;
            case "256": Vector256BatchKernels.BackpropagatedSums<T>(weights, neurons, inputs, deltas, sums, stride); break;
            case "128": Vector128BatchKernels.BackpropagatedSums<T>(weights, neurons, inputs, deltas, sums, stride); break;
            case "scalar" when typeof(T) == typeof(double): ScalarBatchKernels.BackpropagatedSums(D(weights), neurons, inputs, D(deltas), DW(sums), stride); break;
            case "scalar": ScalarBatchKernels.BackpropagatedSums(F(weights), neurons, inputs, F(deltas), FW(sums), stride); break;
            case "checked" when typeof(T) == typeof(double): BatchKernels.BackpropagatedSums(D(weights), inputs, D(deltas), DW(sums), stride); break;
            default: BatchKernels.BackpropagatedSums(F(weights), inputs, F(deltas), FW(sums), stride); break;
        }
    }

    // add: false writes the gradients over the arrays (BatchKernels.WriteGradients) instead of adding to them.
    public static void AddGradients<T>(string width, T[] deltas, int stride, T[] x, int rows, int inputs, T[] weightGradients, T[] biasGradients, bool add = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (width)
        {
            case "512": Vector512BatchKernels.AddGradients<T>(deltas, stride, x, rows, inputs, weightGradients, biasGradients, add); break;
            case "256": Vector256BatchKernels.AddGradients<T>(deltas, stride, x, rows, inputs, weightGradients, biasGradients, add); break;
            case "128": Vector128BatchKernels.AddGradients<T>(deltas, stride, x, rows, inputs, weightGradients, biasGradients, add); break;
            case "scalar" when typeof(T) == typeof(double): ScalarBatchKernels.AddGradients(D(deltas), stride, D(x), rows, inputs, DW(weightGradients), DW(biasGradients), add); break;
            case "scalar": ScalarBatchKernels.AddGradients(F(deltas), stride, F(x), rows, inputs, FW(weightGradients), FW(biasGradients), add); break;
            case "checked" when typeof(T) == typeof(double) && add: BatchKernels.AddGradients(D(deltas), stride, D(x), rows, DW(weightGradients), DW(biasGradients)); break;
            case "checked" when typeof(T) == typeof(double): BatchKernels.WriteGradients(D(deltas), stride, D(x), rows, DW(weightGradients), DW(biasGradients)); break;
            default:
                if (add)
                {
                    BatchKernels.AddGradients(F(deltas), stride, F(x), rows, FW(weightGradients), FW(biasGradients));
                    break;
                }

                BatchKernels.WriteGradients(F(deltas), stride, F(x), rows, FW(weightGradients), FW(biasGradients)); break;
        }
    }

    public static T ZeroIfFinite<T>(string width, T[] values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        return width switch
        {
            "512" => Vector512BatchKernels.ZeroIfFinite<T>(values),
            "256" => Vector256BatchKernels.ZeroIfFinite<T>(values),
            "128" => Vector128BatchKernels.ZeroIfFinite<T>(values),
            "scalar" when typeof(T) == typeof(double) => T.CreateTruncating(ScalarBatchKernels.ZeroIfFinite(D(values))),
            "scalar" => T.CreateTruncating(ScalarBatchKernels.ZeroIfFinite(F(values))),
            "checked" when typeof(T) == typeof(double) => T.CreateTruncating(BatchKernels.ZeroIfFinite(D(values))),
            _ => T.CreateTruncating(BatchKernels.ZeroIfFinite(F(values))),
        };
    }

    // The non-generic kernels take the array as what it is: these casts change no bits.
    private static ReadOnlySpan<double> D<T>(T[] values) where T : struct => MemoryMarshal.Cast<T, double>(values.AsSpan());

    private static Span<double> DW<T>(T[] values) where T : struct => MemoryMarshal.Cast<T, double>(values.AsSpan());

    private static ReadOnlySpan<float> F<T>(T[] values) where T : struct => MemoryMarshal.Cast<T, float>(values.AsSpan());

    private static Span<float> FW<T>(T[] values) where T : struct => MemoryMarshal.Cast<T, float>(values.AsSpan());
}
