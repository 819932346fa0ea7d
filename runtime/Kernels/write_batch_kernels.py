#!/usr/bin/env python3
"""Writes Vector512BatchKernels.cs, Vector256BatchKernels.cs and Vector128BatchKernels.cs: the register tiles of BatchKernels,
one template per kernel, unrolled for one vector width. Edit this script, not the .cs files; run it
from any folder: python3 runtime/Kernels/write_batch_kernels.py

The tile sizes below were chosen by measurement (the figures are in the comments written beside each
tile). For a tile study, write variants elsewhere: write_batch_kernels.py OUT_DIR SUFFIX key=value ...
(keys: the TILES entries, e.g. sums512=6,4 dots512=4,4 gradients512=4,4 sums128=4,3)."""
import os
import sys

# (outer, inner) register tiles per kernel and width, with the reason for each. Figures: ns per call,
# the fastest of 41 interleaved timings (a Stopwatch harness outside the repo, .NET 10, full opts) on
# the 2-core AVX-512 build machine while other builds ran; the 256-bit kernels with
# DOTNET_EnableAVX512=0, so that the JIT has the 16 ymm registers of an AVX2 machine.
TILES = {
    # WeightedSums / BackpropagatedSums: neurons x vectors of rows.
    "sums512": (10, 2),
    "sums256": (4, 3),
    # WeightedSumsOfRows: rows x neurons of accumulators along the inputs.
    "dots512": (4, 4),
    "dots256": (2, 4),
    # AddGradients: neurons x vectors of inputs.
    "gradients512": (6, 4),
    "gradients256": (4, 3),
    "sums128": (4, 3),
    "dots128": (2, 4),
    "gradients128": (4, 3),
}

WHY = {
    "sums512": [
        "10 neurons x 2 vectors of rows: 20 of the 32 zmm registers hold sums, 2 rows, 1 the weight; per input",
        "2 loads and 10 broadcasts feed 20 fused multiply-adds. Measured against 6x4 and 5x4 (ns per call):",
        "WeightedSums 128->10, 64 rows: double 1788 (6x4 2659, 5x4 2009), float 873 (1035, 863);",
        "32->10, 32 rows: double 232 (271, 238), float 126 (172, 152);",
        "BackpropagatedSums 10->128, 64 rows: double 2424 (2472, 2375), float 1350 (1254, 1235): a tie.",
    ],
    "sums256": [
        "4 neurons x 3 vectors of rows: 12 sums, 3 rows and 1 weight fill the 16 ymm registers of AVX2;",
        "3x4 needs 17 and spills. ns per call: WeightedSums 128->10, 64 rows: double 4750 (3x4 7359, 2x4 5656),",
        "float 2041 (3438, 1978); BackpropagatedSums 10->128: double 4643 (6225, 5030), float 2560 (3084, 2686).",
    ],
    "dots512": [
        "4 rows x 4 neurons: 16 accumulators; per vector of inputs 8 loads feed 16 fused multiply-adds.",
        "ns per call, WeightedSumsOfRows 784->128, 64 rows: double 232050 (2x4 357817, 2x8 370117, 3x6 268229,",
        "4x5 232138), float 115781 (175071, 162414, 129393, 109583); 64->32, 32 rows: 3600 to 4000 for all.",
        "4x5 gains nothing in double and 5% in float: the simpler tile stays. (Timed before the sums were reduced",
        "by halving and, in double, four rows by two neurons at once by StoreRowSums: both change only the end.)",
    ],
    "dots256": [
        "2 rows x 4 neurons: 8 accumulators and 6 loaded vectors fit the 16 ymm registers. ns per call,",
        "WeightedSumsOfRows 784->128, 64 rows: double 380460 (4x4 528675, 2x2 534775), float 204570 (270388, 261288).",
    ],
    "gradients512": [
        "6 neurons x 4 vectors of inputs: 24 sums, 4 inputs, 1 delta; per row 4 loads and 6 broadcasts feed",
        "24 fused multiply-adds. ns per call, AddGradients 128x784, 64 rows, two runs: double 160509 and 153731",
        "(4x4 187320, 4x6 164900, 8x3 148223, 5x5 156333), float 74477 and 75087 (4x4 86787, 4x6 80617,",
        "8x3 71089, 5x5 77674); 10x128: double 2200 to 3000 for all. Past 4x4 the tiles are within the noise;",
        "6x4 was the best or near it in both runs.",
    ],
    "gradients256": [
        "4 neurons x 3 vectors of inputs: 12 sums, 3 inputs, 1 delta in the 16 ymm registers. ns per call,",
        "AddGradients 128x784, 64 rows: double 287300 (3x4 527067, 2x6 556225), float 140054 (259425, 270260).",
    ],
    "sums128": [
        "4 neurons x 3 vectors of rows, the 256-bit tile: 12 sums, 3 rows and 1 weight fit 16 registers, the xmm",
        "registers of an x86 machine with FMA but not AVX2, and half of Arm64's 32. The 512-bit tiles (10x2, 4x4, 6x4)",
        "instead, the three kernels of a layer in a row on x64, ns per call in double, fastest of 21 interleaved",
        "timings (the plain loops in brackets):",
        "with 16 registers 64->32, 32 rows 21470 against these tiles' 15612 (99384), 784->128, 64 rows 2106000 against",
        "1564867 (9361267); with 32 (AVX-512's xmm registers, as many as Arm64 has) 15720 against 15546 and 1466733",
        "against 1570933: 7% at best. qemu's timings say nothing of Arm64 hardware, so these tiles stay.",
    ],
    "dots128": [
        "2 rows x 4 neurons, the 256-bit tile: 8 accumulators and 6 loaded vectors fit 16 registers (see Sums4x3).",
    ],
    "gradients128": [
        "4 neurons x 3 vectors of inputs, the 256-bit tile: 12 sums, 3 inputs, 1 delta fit 16 registers (see Sums4x3).",
    ],
}


def fma_helper(v, bits):
    """a * b + c rounded once, in the instructions of the width: on 128 bits Arm64's AdvSimd or x86's FMA,
    whichever the machine has (WidestBatchKernels runs these kernels only where one of them is)."""
    if bits == 512:
        branches = [("", "Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble())", "Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle())")]
    elif bits == 256:
        branches = [("", "Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble())", "Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle())")]
    else:
        # AdvSimd's fused multiply-add takes the addend first: c + a * b.
        branches = [
            ("AdvSimd.Arm64.IsSupported", "AdvSimd.Arm64.FusedMultiplyAdd(c.AsDouble(), a.AsDouble(), b.AsDouble())", "AdvSimd.FusedMultiplyAdd(c.AsSingle(), a.AsSingle(), b.AsSingle())"),
            ("", "Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble())", "Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle())"),
        ]
    o = [
        "    // a * b + c rounded once. The JIT keeps the branch of T" + (" and of the hardware" if len(branches) > 1 else "") + " and drops the others.",
        "    [MethodImpl(MethodImplOptions.AggressiveInlining)]",
        f"    private static {v}<T> MultiplyAdd<T>({v}<T> a, {v}<T> b, {v}<T> c)",
        "        where T : unmanaged, IFloatingPointIeee754<T>",
        "    {",
    ]
    for condition, d, f in branches:
        indent = "        "
        if condition:
            o += [f"        if ({condition})", "        {"]
            indent = "            "
        o += [
            f"{indent}if (typeof(T) == typeof(double))",
            f"{indent}{{",
            f"{indent}    return {d}.As<double, T>();",
            f"{indent}}}",
            "",
            f"{indent}if (typeof(T) == typeof(float))",
            f"{indent}{{",
            f"{indent}    return {f}.As<float, T>();",
            f"{indent}}}",
        ]
        if condition:
            o += ["        }", ""]
        else:
            o.append("")
    o += [
        "        return (a * b) + c;",
        "    }",
    ]
    return o


def sizes(n):
    """The tile, then halves of it for the remainder: 10 neurons on a 6-neuron tile run as 6 + 3 + 1."""
    out = [n]
    while out[-1] > 1:
        out.append(out[-1] // 2)
    return out


def gradient_sizes(n):
    """AddGradients' neuron tiles: the tile, then 4, 2 and 1 for the remainder. 32 neurons on 6 run as 5 x 6 + 2
    (not 1 + 1, each loading every input again), 10 as 6 + 4 (not 6 + 3 + 1)."""
    return [n] + [m for m in (4, 2, 1) if m < n]


def sums_tile(v, nj, nv, why):
    """sums[j, rows] = bias[j] + sum_i W(j, i) * a[i, rows] for nj neurons and nv vectors of rows."""
    o = [f"    // {line}" for line in why] if why else []
    o.append(f"    private static void Sums{nj}x{nv}<T>(ref T w, nint neuronStep, nint inputStep, int inputs, ref T a, nint stride, ref T sums, ref T biases, bool hasBiases)")
    o.append("        where T : unmanaged, IFloatingPointIeee754<T>")
    o.append("    {")
    for j in range(nj):
        o.append(f"        {v}<T> s{j}0 = hasBiases ? {v}.Create(Unsafe.Add(ref biases, {j})) : {v}<T>.Zero;")
        for r in range(1, nv):
            o.append(f"        {v}<T> s{j}{r} = s{j}0;")
    o.append("        for (int i = 0; i < inputs; i++)")
    o.append("        {")
    o.append("            ref T ai = ref Unsafe.Add(ref a, i * stride);")
    for r in range(nv):
        o.append(f"            {v}<T> x{r} = {v}.LoadUnsafe(ref ai, {r} * (nuint){v}<T>.Count);")
    o.append("            ref T wi = ref Unsafe.Add(ref w, i * inputStep);")
    for j in range(nj):
        o.append(f"            {v}<T> b{j} = {v}.Create(Unsafe.Add(ref wi, {j} * neuronStep));")
        for r in range(nv):
            o.append(f"            s{j}{r} = MultiplyAdd(b{j}, x{r}, s{j}{r});")
    o.append("        }")
    o.append("")
    for j in range(nj):
        o.append(f"        ref T z{j} = ref Unsafe.Add(ref sums, {j} * stride);")
        for r in range(nv):
            o.append(f"        {v}.StoreUnsafe(s{j}{r}, ref z{j}, {r} * (nuint){v}<T>.Count);")
    o.append("    }")
    return o


def sums_driver(v, nj, nv):
    o = [
        "    /// <summary>",
        "    /// <c>sums[j * stride + r] = biases[j] + sum_i W(j, i) * a[i * stride + r]</c> for every lane r of the stride, with",
        "    /// <c>W(j, i) = w[j * neuronStep + i * inputStep]</c>: the weights for a layer, their transpose for the deltas.",
        "    /// </summary>",
        "    private static void Sums<T>(ref T w, nint neuronStep, nint inputStep, int neurons, int inputs, ref T a, nint stride, ref T sums, ref T biases, bool hasBiases)",
        "        where T : unmanaged, IFloatingPointIeee754<T>",
        "    {",
        f"        int vectors = (int)(stride / {v}<T>.Count);",
        "        int j = 0;",
    ]
    for n in sizes(nj):
        o.append(f"        for (; j <= neurons - {n}; j += {n})")
        o.append("        {")
        o.append("            ref T wj = ref Unsafe.Add(ref w, j * neuronStep);")
        o.append("            ref T zj = ref Unsafe.Add(ref sums, j * stride);")
        o.append("            ref T bj = ref hasBiases ? ref Unsafe.Add(ref biases, j) : ref biases;")
        o.append("            int r = 0;")
        for m in sizes(nv):
            o.append(f"            for (; r <= vectors - {m}; r += {m})")
            o.append("            {")
            o.append(f"                nint lane = r * (nint){v}<T>.Count;")
            o.append(f"                Sums{n}x{m}(ref wj, neuronStep, inputStep, inputs, ref Unsafe.Add(ref a, lane), stride, ref Unsafe.Add(ref zj, lane), ref bj, hasBiases);")
            o.append("            }")
            o.append("")
        o.pop()
        o.append("        }")
        o.append("")
    o.pop()
    o.append("    }")
    return o


def dots_tile(v, nr, nj, why):
    """sums[j, r] = biases[j] + W[j, :] . x[r, :] for nr rows and nj neurons."""
    o = [f"    // {line}" for line in why] if why else []
    o.append(f"    private static void Dots{nr}x{nj}<T>(ref T w, ref T x, int inputs, ref T sums, nint stride, ref T biases)")
    o.append("        where T : unmanaged, IFloatingPointIeee754<T>")
    o.append("    {")
    for r in range(nr):
        o.append(f"        ref T x{r} = ref Unsafe.Add(ref x, {r} * inputs);")
    for j in range(nj):
        o.append(f"        ref T w{j} = ref Unsafe.Add(ref w, {j} * inputs);")
    o.append("        " + " ".join(f"{v}<T> s{r}{j} = {v}<T>.Zero;" for r in range(nr) for j in range(nj)))
    o.append("        int i = 0;")
    o.append(f"        for (; i <= inputs - {v}<T>.Count; i += {v}<T>.Count)")
    o.append("        {")
    for j in range(nj):
        o.append(f"            {v}<T> v{j} = {v}.LoadUnsafe(ref w{j}, (nuint)i);")
    for r in range(nr):
        o.append(f"            {v}<T> u{r} = {v}.LoadUnsafe(ref x{r}, (nuint)i);")
        for j in range(nj):
            o.append(f"            s{r}{j} = MultiplyAdd(u{r}, v{j}, s{r}{j});")
    o.append("        }")
    o.append("")
    for j in range(nj):
        o.append(f"        ref T z{j} = ref Unsafe.Add(ref sums, {j} * stride);")
        o.append(f"        T b{j} = Unsafe.Add(ref biases, {j});")
    if v == "Vector512" and nr == 4 and nj % 2 == 0:
        o.append("        if (typeof(T) == typeof(double) && i == inputs)")
        o.append("        {")
        for j in range(0, nj, 2):
            args = ", ".join(f"s{r}{k}.AsDouble()" for k in (j, j + 1) for r in range(nr))
            o.append(f"            StoreRowSums({args}, ref Unsafe.As<T, double>(ref z{j}), ref Unsafe.As<T, double>(ref z{j + 1}), Unsafe.As<T, double>(ref b{j}), Unsafe.As<T, double>(ref b{j + 1}));")
        o.append("            return;")
        o.append("        }")
        o.append("")
    for j in range(nj):
        for r in range(nr):
            o.append(f"        Unsafe.Add(ref z{j}, {r}) = Reduce(s{r}{j}) + Tail(ref w{j}, ref x{r}, i, inputs) + b{j};")
    o.append("    }")
    return o


def row_sums_helper():
    """LaneSums and StoreRowSums: eight 512-bit double vectors' lanes added up together, for the dot-product
    tile's 4 rows x 2 neurons and for eight biases' gradients."""
    return [
        "    // The lanes of eight vectors added up together, a0's sum in lane 0 to a7's in lane 7: 21 shuffles and adds",
        "    // for the eight sums where reducing each alone takes 6 (Reduce). Each step adds pairs of neighbouring parts:",
        "    // 64-bit lanes within 128-bit blocks, then 128-bit blocks, so the last vector holds the eight sums in order.",
        "    [MethodImpl(MethodImplOptions.AggressiveInlining)]",
        "    private static Vector512<double> LaneSums(Vector512<double> a0, Vector512<double> a1, Vector512<double> a2, Vector512<double> a3, Vector512<double> a4, Vector512<double> a5, Vector512<double> a6, Vector512<double> a7)",
        "    {",
        "        // Per 128-bit block q: (a0[2q] + a0[2q + 1], a1[2q] + a1[2q + 1]), and likewise for the other pairs.",
        "        Vector512<double> b01 = Avx512F.UnpackLow(a0, a1) + Avx512F.UnpackHigh(a0, a1);",
        "        Vector512<double> b23 = Avx512F.UnpackLow(a2, a3) + Avx512F.UnpackHigh(a2, a3);",
        "        Vector512<double> b45 = Avx512F.UnpackLow(a4, a5) + Avx512F.UnpackHigh(a4, a5);",
        "        Vector512<double> b67 = Avx512F.UnpackLow(a6, a7) + Avx512F.UnpackHigh(a6, a7);",
        "        // Blocks 0 and 2 of each, plus blocks 1 and 3 (0x88 and 0xDD pick them): halves of the sums of a0 to a3.",
        "        Vector512<double> c03 = Avx512F.Shuffle4x128(b01, b23, 0x88) + Avx512F.Shuffle4x128(b01, b23, 0xDD);",
        "        Vector512<double> c47 = Avx512F.Shuffle4x128(b45, b67, 0x88) + Avx512F.Shuffle4x128(b45, b67, 0xDD);",
        "        // Once more: the whole sums of a0 to a7 in lanes 0 to 7.",
        "        return Avx512F.Shuffle4x128(c03, c47, 0x88) + Avx512F.Shuffle4x128(c03, c47, 0xDD);",
        "    }",
        "",
        "    // The dot products of the tile's four rows with neuron j (a0..a3) and with neuron k (a4..a7), stored with the biases.",
        "    [MethodImpl(MethodImplOptions.AggressiveInlining)]",
        "    private static void StoreRowSums(Vector512<double> a0, Vector512<double> a1, Vector512<double> a2, Vector512<double> a3, Vector512<double> a4, Vector512<double> a5, Vector512<double> a6, Vector512<double> a7, ref double zj, ref double zk, double bj, double bk)",
        "    {",
        "        Vector512<double> d = LaneSums(a0, a1, a2, a3, a4, a5, a6, a7);",
        "        Vector256.StoreUnsafe(d.GetLower() + Vector256.Create(bj), ref zj);",
        "        Vector256.StoreUnsafe(d.GetUpper() + Vector256.Create(bk), ref zk);",
        "    }",
        "",
    ]


def bias_gradients_helper():
    """BiasGradients and RowSum: the 512-bit kernels' bias gradients, eight neurons at a time in double."""
    rows = "\n".join(f"                    RowSum(ref Unsafe.Add(ref d, (j + {n}) * stride), last, keep)" + ("," if n < 7 else ");") for n in range(8))
    return [
        "    // The biases' gradients, each the sum of its neuron's row of deltas (a bias's input is 1). In double, eight",
        "    // neurons at a time: each row added up to one vector, then the eight vectors' lanes added up together, one store",
        "    // for eight biases, where one call and one reduction per bias took 0.5% more of the digits epoch.",
        "    private static void BiasGradients<T>(ReadOnlySpan<T> deltas, int stride, int rows, Span<T> biasGradients, bool add)",
        "        where T : unmanaged, IFloatingPointIeee754<T>",
        "    {",
        "        int j = 0;",
        "        if (typeof(T) == typeof(double))",
        "        {",
        "            ref double d = ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(deltas));",
        "            ref double b = ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(biasGradients));",
        "            // The last vector of a row starts at last; its lanes past the rows (padding, never read as deltas) are",
        "            // masked to 0. The stride is a whole number of vectors, so that vector is inside the row's stride.",
        "            int last = (rows - 1) & ~(Vector512<double>.Count - 1);",
        "            Vector512<double> keep = Vector512.LessThan(Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7), Vector512.Create((long)(rows - last))).AsDouble();",
        "            for (; j <= biasGradients.Length - 8; j += 8)",
        "            {",
        "                Vector512<double> sums = LaneSums(",
        rows,
        "                ref double bj = ref Unsafe.Add(ref b, j);",
        "                Vector512.StoreUnsafe(add ? Vector512.LoadUnsafe(ref bj) + sums : sums, ref bj);",
        "            }",
        "        }",
        "",
        "        for (; j < biasGradients.Length; j++)",
        "        {",
        "            ReadOnlySpan<T> dj = deltas.Slice(j * stride, rows);",
        "            biasGradients[j] = add ? biasGradients[j] + Sum(dj) : Sum(dj);",
        "        }",
        "    }",
        "",
        "    // A row of deltas added up to one vector: the whole vectors before last, then last's lanes that keep keeps.",
        "    [MethodImpl(MethodImplOptions.AggressiveInlining)]",
        "    private static Vector512<double> RowSum(ref double row, int last, Vector512<double> keep)",
        "    {",
        "        Vector512<double> sum = Vector512.LoadUnsafe(ref row, (nuint)last) & keep;",
        "        for (int r = 0; r < last; r += Vector512<double>.Count)",
        "        {",
        "            sum += Vector512.LoadUnsafe(ref row, (nuint)r);",
        "        }",
        "",
        "        return sum;",
        "    }",
        "",
    ]


def dots_driver(v, nr, nj):
    o = [
        "    public static void WeightedSumsOfRows<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, int inputs, ReadOnlySpan<T> x, int rows, Span<T> sums, int stride)",
        "        where T : unmanaged, IFloatingPointIeee754<T>",
        "    {",
        "        ref T w = ref MemoryMarshal.GetReference(weights);",
        "        ref T b = ref MemoryMarshal.GetReference(biases);",
        "        ref T xs = ref MemoryMarshal.GetReference(x);",
        "        ref T z = ref MemoryMarshal.GetReference(sums);",
        "        int neurons = biases.Length;",
        "        int r = 0;",
    ]
    for m in sizes(nr):
        o.append(f"        for (; r <= rows - {m}; r += {m})")
        o.append("        {")
        o.append("            ref T xr = ref Unsafe.Add(ref xs, r * inputs);")
        o.append("            int j = 0;")
        for n in sizes(nj):
            o.append(f"            for (; j <= neurons - {n}; j += {n})")
            o.append("            {")
            o.append(f"                Dots{m}x{n}(ref Unsafe.Add(ref w, j * inputs), ref xr, inputs, ref Unsafe.Add(ref z, (j * stride) + r), stride, ref Unsafe.Add(ref b, j));")
            o.append("            }")
            o.append("")
        o.pop()
        o.append("        }")
        o.append("")
    o.append("        // The padding lanes: what a row of zeros would give.")
    o.append("        for (int j = 0; j < neurons; j++)")
    o.append("        {")
    o.append("            sums.Slice((j * stride) + rows, stride - rows).Fill(biases[j]);")
    o.append("        }")
    o.append("    }")
    return o


def gradients_tile(v, nj, nv, why):
    """g[j, i..] += sum_r d[j, r] * x[r, i..] for nj neurons and nv vectors of inputs; = instead of += unless add."""
    o = [f"    // {line}" for line in why] if why else []
    o.append(f"    private static void Gradients{nj}x{nv}<T>(ref T d, nint stride, ref T x, int inputs, int rows, ref T g, bool add)")
    o.append("        where T : unmanaged, IFloatingPointIeee754<T>")
    o.append("    {")
    o.append("        " + " ".join(f"{v}<T> s{j}{c} = {v}<T>.Zero;" for j in range(nj) for c in range(nv)))
    o.append("        for (int r = 0; r < rows; r++)")
    o.append("        {")
    o.append("            ref T xr = ref Unsafe.Add(ref x, r * inputs);")
    for c in range(nv):
        o.append(f"            {v}<T> x{c} = {v}.LoadUnsafe(ref xr, {c} * (nuint){v}<T>.Count);")
    for j in range(nj):
        o.append(f"            {v}<T> b{j} = {v}.Create(Unsafe.Add(ref d, ({j} * stride) + r));")
        for c in range(nv):
            o.append(f"            s{j}{c} = MultiplyAdd(b{j}, x{c}, s{j}{c});")
    o.append("        }")
    o.append("")
    o.append("        if (add)")
    o.append("        {")
    for j in range(nj):
        for c in range(nv):
            o.append(f"            s{j}{c} += {v}.LoadUnsafe(ref Unsafe.Add(ref g, {j} * inputs), {c} * (nuint){v}<T>.Count);")
    o.append("        }")
    o.append("")
    for j in range(nj):
        o.append(f"        ref T g{j} = ref Unsafe.Add(ref g, {j} * inputs);")
        for c in range(nv):
            o.append(f"        {v}.StoreUnsafe(s{j}{c}, ref g{j}, {c} * (nuint){v}<T>.Count);")
    o.append("    }")
    return o


def gradients_driver(v, nj, nv):
    o = [
        "    public static void AddGradients<T>(ReadOnlySpan<T> deltas, int stride, ReadOnlySpan<T> x, int rows, int inputs, Span<T> weightGradients, Span<T> biasGradients, bool add)",
        "        where T : unmanaged, IFloatingPointIeee754<T>",
        "        {",
        "        ref T d = ref MemoryMarshal.GetReference(deltas);",
        "        ref T xs = ref MemoryMarshal.GetReference(x);",
        "        ref T g = ref MemoryMarshal.GetReference(weightGradients);",
        "        int neurons = biasGradients.Length;",
        f"        int vectors = inputs / {v}<T>.Count;",
        "        int j = 0;",
    ]
    o[2] = "    {"
    for n in gradient_sizes(nj):
        o.append(f"        for (; j <= neurons - {n}; j += {n})")
        o.append("        {")
        o.append("            ref T dj = ref Unsafe.Add(ref d, j * stride);")
        o.append("            ref T gj = ref Unsafe.Add(ref g, j * inputs);")
        o.append("            int c = 0;")
        for m in sizes(nv):
            o.append(f"            for (; c <= vectors - {m}; c += {m})")
            o.append("            {")
            o.append(f"                int i = c * {v}<T>.Count;")
            o.append(f"                Gradients{n}x{m}(ref dj, stride, ref Unsafe.Add(ref xs, i), inputs, rows, ref Unsafe.Add(ref gj, i), add);")
            o.append("            }")
            o.append("")
        o.pop()
        o.append("        }")
        o.append("")
    if v == "Vector512":
        o.append("        // Inputs past the last whole vector, then the biases (their input is 1): a small share of the work.")
        o.append(f"        GradientsTail(deltas, stride, x, rows, inputs, vectors * {v}<T>.Count, weightGradients, add);")
        o.append("        BiasGradients(deltas, stride, rows, biasGradients, add);")
    else:
        o.append("        // Inputs past the last whole vector, and the biases (their input is 1): a small share of the work.")
        o.append(f"        GradientsTail(deltas, stride, x, rows, inputs, vectors * {v}<T>.Count, weightGradients, biasGradients, add);")
    o.append("    }")
    o.append("")
    # The 512-bit kernels add up the biases' gradients apart (BiasGradients), so their tail has no biases.
    biases = v != "Vector512"
    neurons = "biasGradients.Length" if biases else "weightGradients.Length / inputs"
    o += [
        "    private static void GradientsTail<T>(ReadOnlySpan<T> deltas, int stride, ReadOnlySpan<T> x, int rows, int inputs, int from, Span<T> weightGradients, "
        + ("Span<T> biasGradients, " if biases else "") + "bool add)",
        "        where T : unmanaged, IFloatingPointIeee754<T>",
        "    {",
        f"        for (int j = 0; j < {neurons}; j++)",
        "        {",
        "            ReadOnlySpan<T> dj = deltas.Slice(j * stride, rows);",
        "            for (int i = from; i < inputs; i++)",
        "            {",
        "                T sum = T.Zero;",
        "                for (int r = 0; r < rows; r++)",
        "                {",
        "                    sum += dj[r] * x[(r * inputs) + i];",
        "                }",
        "",
        "                weightGradients[(j * inputs) + i] = add ? weightGradients[(j * inputs) + i] + sum : sum;",
        "            }",
    ]
    if biases:
        o += [
            "",
            "            biasGradients[j] = add ? biasGradients[j] + Sum(dj) : Sum(dj);",
        ]
    o += [
        "        }",
        "    }",
    ]
    return o


def reduce_helper(v):
    """Reduce: the sum of a vector's lanes, for the dot products of WeightedSumsOfRows (one per row and neuron)."""
    halves = {
        "Vector512": ["        Vector256<T> half = s.GetLower() + s.GetUpper();", "        Vector128<T> quarter = half.GetLower() + half.GetUpper();"],
        "Vector256": ["        Vector128<T> quarter = s.GetLower() + s.GetUpper();"],
        "Vector128": ["        Vector128<T> quarter = s;"],
    }[v]
    return [
        "    // The sum of the lanes of s, halved down to 128 bits first, one add per halving: .NET's Sum of a 512-bit",
        "    // vector of doubles adds each 128-bit quarter apart, some 20 instructions where this takes 6, and the dot",
        "    // products of WeightedSumsOfRows need one per row and neuron.",
        "    [MethodImpl(MethodImplOptions.AggressiveInlining)]",
        f"    private static T Reduce<T>({v}<T> s)",
        "        where T : unmanaged, IFloatingPointIeee754<T>",
        "    {",
    ] + halves + [
        "        return Vector128.Sum(quarter);",
        "    }",
        "",
    ]


def common(v):
    return [
        "    public static void WeightedSums<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, int inputs, ReadOnlySpan<T> a, Span<T> sums, int stride)",
        "        where T : unmanaged, IFloatingPointIeee754<T>",
        "    {",
        "        ref T b = ref MemoryMarshal.GetReference(biases);",
        "        Sums(ref MemoryMarshal.GetReference(weights), inputs, 1, biases.Length, inputs, ref MemoryMarshal.GetReference(a), stride, ref MemoryMarshal.GetReference(sums), ref b, hasBiases: true);",
        "    }",
        "",
        "    // The transpose of WeightedSums: neuron i of the layer below sums over the layer's neurons j, with",
        "    // W(i, j) = weights[j * inputs + i]. No biases: the reference passed for them is never read.",
        "    public static void BackpropagatedSums<T>(ReadOnlySpan<T> weights, int neurons, int inputs, ReadOnlySpan<T> deltas, Span<T> sums, int stride)",
        "        where T : unmanaged, IFloatingPointIeee754<T>",
        "    {",
        "        ref T w = ref MemoryMarshal.GetReference(weights);",
        "        Sums(ref w, 1, inputs, inputs, neurons, ref MemoryMarshal.GetReference(deltas), stride, ref MemoryMarshal.GetReference(sums), ref w, hasBiases: false);",
        "    }",
        "",
        "    // Four sums, so that four vectors are in flight rather than one add's latency per vector: a batch of inputs",
        "    // (2,048 doubles for 32 rows of 64) is checked at the load rate.",
        "    public static T ZeroIfFinite<T>(ReadOnlySpan<T> values)",
        "        where T : unmanaged, IFloatingPointIeee754<T>",
        "    {",
        "        ref T v = ref MemoryMarshal.GetReference(values);",
        f"        {v}<T> sum = {v}<T>.Zero;",
        f"        {v}<T> sum1 = {v}<T>.Zero;",
        f"        {v}<T> sum2 = {v}<T>.Zero;",
        f"        {v}<T> sum3 = {v}<T>.Zero;",
        "        int i = 0;",
        f"        for (; i <= values.Length - (4 * {v}<T>.Count); i += 4 * {v}<T>.Count)",
        "        {",
        f"            {v}<T> x0 = {v}.LoadUnsafe(ref v, (nuint)i);",
        f"            {v}<T> x1 = {v}.LoadUnsafe(ref v, (nuint)(i + {v}<T>.Count));",
        f"            {v}<T> x2 = {v}.LoadUnsafe(ref v, (nuint)(i + (2 * {v}<T>.Count)));",
        f"            {v}<T> x3 = {v}.LoadUnsafe(ref v, (nuint)(i + (3 * {v}<T>.Count)));",
        "            sum += x0 - x0;",
        "            sum1 += x1 - x1;",
        "            sum2 += x2 - x2;",
        "            sum3 += x3 - x3;",
        "        }",
        "",
        "        sum += sum1 + sum2 + sum3;",
        f"        for (; i <= values.Length - {v}<T>.Count; i += {v}<T>.Count)",
        "        {",
        f"            {v}<T> x = {v}.LoadUnsafe(ref v, (nuint)i);",
        "            sum += x - x;",
        "        }",
        "",
        f"        T total = {v}.Sum(sum);",
        "        for (; i < values.Length; i++)",
        "        {",
        "            total += values[i] - values[i];",
        "        }",
        "",
        "        return total;",
        "    }",
        "",
        "    // The sum of a row of deltas (a bias's gradient): whole vectors, then the lanes left; Reduce, not .NET's Sum.",
        "    private static T Sum<T>(ReadOnlySpan<T> values)",
        "        where T : unmanaged, IFloatingPointIeee754<T>",
        "    {",
        "        ref T v = ref MemoryMarshal.GetReference(values);",
        f"        {v}<T> sum = {v}<T>.Zero;",
        "        int i = 0;",
        f"        for (; i <= values.Length - {v}<T>.Count; i += {v}<T>.Count)",
        "        {",
        f"            sum += {v}.LoadUnsafe(ref v, (nuint)i);",
        "        }",
        "",
        "        T total = Reduce(sum);",
        "        for (; i < values.Length; i++)",
        "        {",
        "            total += values[i];",
        "        }",
        "",
        "        return total;",
        "    }",
        "",
    ] + reduce_helper(v) + [
        "    // The products of the inputs past the last whole vector, in plain arithmetic.",
        "    [MethodImpl(MethodImplOptions.AggressiveInlining)]",
        "    private static T Tail<T>(ref T w, ref T x, int from, int inputs)",
        "        where T : unmanaged, IFloatingPointIeee754<T>",
        "    {",
        "        T sum = T.Zero;",
        "        for (int i = from; i < inputs; i++)",
        "        {",
        "            sum += Unsafe.Add(ref w, i) * Unsafe.Add(ref x, i);",
        "        }",
        "",
        "        return sum;",
        "    }",
    ]


def write(bits, suffix, namespace, tiles):
    v = f"Vector{bits}"
    isa = {512: "Avx512F", 256: "Fma", 128: "AdvSimd on Arm64, Fma on x86"}[bits]
    sj, sv = tiles[f"sums{bits}"]
    dr, dj = tiles[f"dots{bits}"]
    gj, gv = tiles[f"gradients{bits}"]
    why = (lambda k: WHY[k]) if not suffix else (lambda k: None)
    cls = f"{v}BatchKernels{suffix}"
    o = [
        "// <auto-generated/> by runtime/Kernels/write_batch_kernels.py: edit the script, not this file.",
        "#if NET8_0_OR_GREATER",
        "using System;",
        "using System.Numerics;",
        "using System.Runtime.CompilerServices;",
        "using System.Runtime.InteropServices;",
        "using System.Runtime.Intrinsics;",
    ]
    if bits == 128:
        o.append("using System.Runtime.Intrinsics.Arm;")
    o += [
        "using System.Runtime.Intrinsics.X86;",
        "",
        f"namespace {namespace};",
        "",
        "/// <summary>",
        f"/// The kernels of <see cref=\"BatchKernels\"/> on {bits}-bit vectors with fused multiply-add ({isa}): register",
        "/// tiles that load each value once for several products. Same semantics as <see cref=\"ScalarBatchKernels\"/>;",
        "/// the callers have checked every length and the hardware.",
        "/// </summary>",
        f"internal static class {cls}",
        "{",
    ]
    o += common(v)
    o.append("")
    o += sums_driver(v, sj, sv)
    o.append("")
    seen = set()
    for n in sizes(sj):
        for m in sizes(sv):
            o += sums_tile(v, n, m, why(f"sums{bits}") if (n, m) == (sj, sv) else None)
            o.append("")
    o += dots_driver(v, dr, dj)
    o.append("")
    for n in sizes(dr):
        for m in sizes(dj):
            o += dots_tile(v, n, m, why(f"dots{bits}") if (n, m) == (dr, dj) else None)
            o.append("")
    if bits == 512:
        o += row_sums_helper()
        o += bias_gradients_helper()
    o += gradients_driver(v, gj, gv)
    o.append("")
    for n in gradient_sizes(gj):
        for m in sizes(gv):
            o += gradients_tile(v, n, m, why(f"gradients{bits}") if (n, m) == (gj, gv) else None)
            o.append("")
    o += fma_helper(v, bits)
    o.append("}")
    o.append("#endif")
    return "\n".join(fully_optimised(o)) + "\n"


# Every method but the inlined helpers is compiled fully optimised at its first call: a kernel runs
# at full speed from the first batch (no slow Tier-0 phase, which cost up to 10x in the first 100 ms),
# and a leftover tile that only a rare shape calls is never left at Tier 0.
def fully_optimised(lines):
    out = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("public static void", "private static void", "public static T ", "private static T ")) and "(" in stripped \
                and not (out and "MethodImpl" in out[-1]):
            out.append("    [MethodImpl(MethodImplOptions.AggressiveOptimization)]")
        out.append(line)
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    tiles = dict(TILES)
    if len(sys.argv) > 1:
        out, suffix = sys.argv[1], sys.argv[2]
        for kv in sys.argv[3:]:
            k, val = kv.split("=")
            tiles[k] = tuple(int(t) for t in val.split(","))
        namespace = "KernelStudy"
    else:
        out, suffix, namespace = here, "", "Unrolled.Kernels"
    for bits in (512, 256, 128):
        with open(os.path.join(out, f"Vector{bits}BatchKernels{suffix}.cs"), "w", newline="\n") as f:
            f.write(write(bits, suffix, namespace, tiles))


main()
