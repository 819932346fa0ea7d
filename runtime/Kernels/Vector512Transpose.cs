#if NET8_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Unrolled.Kernels;

/// <summary>
/// <see cref="BatchKernels.TransposeToRows(ReadOnlySpan{double}, int, int, int, Span{double})"/> on AVX-512: 8 rows by
/// 8 values at a time, transposed in registers, where the plain loop moves each value alone with two range checks.
/// TrainBatch turns a hidden layer back into rows for its gradient kernel every batch (32 x 32 doubles in the digits
/// network): 24 shuffles per 64 values instead of 64 scalar loads and stores.
/// </summary>
internal static class Vector512Transpose
{
    public static bool CanRun => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>The callers have checked every length and <see cref="CanRun"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposeToRows(ReadOnlySpan<double> transposed, int stride, int rows, int width, Span<double> destination)
    {
        ref double source = ref MemoryMarshal.GetReference(transposed);
        ref double target = ref MemoryMarshal.GetReference(destination);
        int wholeRows = rows & ~7;
        int wholeColumns = width & ~7;
        for (int r = 0; r < wholeRows; r += 8)
        {
            for (int i = 0; i < wholeColumns; i += 8)
            {
                Block(ref Unsafe.Add(ref source, (i * stride) + r), stride, ref Unsafe.Add(ref target, (r * width) + i), width);
            }
        }

        // The values past the whole blocks: the last columns of every row, then the last rows.
        for (int r = 0; r < rows; r++)
        {
            for (int i = r < wholeRows ? wholeColumns : 0; i < width; i++)
            {
                Unsafe.Add(ref target, (r * width) + i) = Unsafe.Add(ref source, (i * stride) + r);
            }
        }
    }

    // Rows 0 to 7 of the source block (each 8 lanes) become columns 0 to 7 of the target block. Each step pairs
    // neighbouring parts: 64-bit lanes within 128-bit blocks (unpack), then 128-bit blocks twice (0x88 picks blocks
    // 0 and 2 of each operand, 0xDD blocks 1 and 3).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(ref double source, nint sourceStride, ref double target, nint targetStride)
    {
        Vector512<double> r0 = Vector512.LoadUnsafe(ref source);
        Vector512<double> r1 = Vector512.LoadUnsafe(ref source, (nuint)sourceStride);
        Vector512<double> r2 = Vector512.LoadUnsafe(ref source, (nuint)(2 * sourceStride));
        Vector512<double> r3 = Vector512.LoadUnsafe(ref source, (nuint)(3 * sourceStride));
        Vector512<double> r4 = Vector512.LoadUnsafe(ref source, (nuint)(4 * sourceStride));
        Vector512<double> r5 = Vector512.LoadUnsafe(ref source, (nuint)(5 * sourceStride));
        Vector512<double> r6 = Vector512.LoadUnsafe(ref source, (nuint)(6 * sourceStride));
        Vector512<double> r7 = Vector512.LoadUnsafe(ref source, (nuint)(7 * sourceStride));

        // t0 = (r0[0], r1[0], r0[2], r1[2], r0[4], r1[4], r0[6], r1[6]), t1 the odd lanes likewise.
        Vector512<double> t0 = Avx512F.UnpackLow(r0, r1);
        Vector512<double> t1 = Avx512F.UnpackHigh(r0, r1);
        Vector512<double> t2 = Avx512F.UnpackLow(r2, r3);
        Vector512<double> t3 = Avx512F.UnpackHigh(r2, r3);
        Vector512<double> t4 = Avx512F.UnpackLow(r4, r5);
        Vector512<double> t5 = Avx512F.UnpackHigh(r4, r5);
        Vector512<double> t6 = Avx512F.UnpackLow(r6, r7);
        Vector512<double> t7 = Avx512F.UnpackHigh(r6, r7);

        // u0 = (r0[0], r1[0], r0[4], r1[4], r2[0], r3[0], r2[4], r3[4]): lanes 0 and 4 of rows 0 to 3; u1 lanes 2 and 6,
        // u2 lanes 1 and 5, u3 lanes 3 and 7; u4 to u7 the same of rows 4 to 7.
        Vector512<double> u0 = Avx512F.Shuffle4x128(t0, t2, 0x88);
        Vector512<double> u1 = Avx512F.Shuffle4x128(t0, t2, 0xDD);
        Vector512<double> u2 = Avx512F.Shuffle4x128(t1, t3, 0x88);
        Vector512<double> u3 = Avx512F.Shuffle4x128(t1, t3, 0xDD);
        Vector512<double> u4 = Avx512F.Shuffle4x128(t4, t6, 0x88);
        Vector512<double> u5 = Avx512F.Shuffle4x128(t4, t6, 0xDD);
        Vector512<double> u6 = Avx512F.Shuffle4x128(t5, t7, 0x88);
        Vector512<double> u7 = Avx512F.Shuffle4x128(t5, t7, 0xDD);

        // Lane k of rows 0 to 7, in order.
        Vector512.StoreUnsafe(Avx512F.Shuffle4x128(u0, u4, 0x88), ref target);
        Vector512.StoreUnsafe(Avx512F.Shuffle4x128(u2, u6, 0x88), ref target, (nuint)targetStride);
        Vector512.StoreUnsafe(Avx512F.Shuffle4x128(u1, u5, 0x88), ref target, (nuint)(2 * targetStride));
        Vector512.StoreUnsafe(Avx512F.Shuffle4x128(u3, u7, 0x88), ref target, (nuint)(3 * targetStride));
        Vector512.StoreUnsafe(Avx512F.Shuffle4x128(u0, u4, 0xDD), ref target, (nuint)(4 * targetStride));
        Vector512.StoreUnsafe(Avx512F.Shuffle4x128(u2, u6, 0xDD), ref target, (nuint)(5 * targetStride));
        Vector512.StoreUnsafe(Avx512F.Shuffle4x128(u1, u5, 0xDD), ref target, (nuint)(6 * targetStride));
        Vector512.StoreUnsafe(Avx512F.Shuffle4x128(u3, u7, 0xDD), ref target, (nuint)(7 * targetStride));
    }
}
#endif
