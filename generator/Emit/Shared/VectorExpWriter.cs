using System.Linq;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// The double-precision vector exp the hot methods call in place of .NET's Vector.Exp, Vector256.Exp and
/// Vector512.Exp. .NET's are generic methods of the base library that the runtime compiles at Tier0 on
/// their first calls, whatever their caller asks, and recompiles optimised only later: they kept a short
/// training's first epochs twice as slow as later ones even with the callers compiled optimised. This one
/// is written into the network, inlined, so it is compiled with its optimised caller.
/// </summary>
internal static class VectorExpWriter
{
    // 1.5 * 2^52: added to a double of magnitude below 2^51 it rounds it to a whole number, kept in the sum's lowest bits.
    private const string Rounder = "6755399441055744.0";

    // 1 / n! for n = 2 to 13, as the shortest literal that rounds to the double nearest it.
    private static string InverseFactorial(int n) => n switch
    {
        2 => "0.5",
        3 => "0.16666666666666666",
        4 => "0.041666666666666664",
        5 => "0.008333333333333333",
        6 => "0.001388888888888889",
        7 => "0.0001984126984126984",
        8 => "2.48015873015873e-05",
        9 => "2.7557319223985893e-06",
        10 => "2.755731922398589e-07",
        11 => "2.505210838544172e-08",
        12 => "2.08767569878681e-09",
        13 => "1.6059043836821613e-10",
        _ => throw new System.ArgumentOutOfRangeException(nameof(n), n, "The polynomial has the terms 2 to 13."),
    };

    private const string NotInlinedHotMethod =
        "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining | " +
        "global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

    /// <summary>Whether a double network's vector code calls exp: any layer's activation computes one.</summary>
    public static bool Applies(EmitContext context) =>
        context.Spec.HasVectorExp
        && context.Shape.NumberType == NumberType.Double
        && Enumerable.Range(1, context.Shape.OutputLayer).Any(layer => ActivationCode.NeedsExp(context.Shape.ActivationOf(layer)));

    /// <summary>The lanes, calling the network's own exp where it has one for them.</summary>
    public static Lanes For(EmitContext context, Lanes lanes) =>
        lanes.IsVector && Applies(context) ? lanes.WithExp(GeneratedNames.VectorExp) : lanes;

    /// <summary>
    /// The helper for one vector type: <paramref name="lanes"/>' class, or System.Numerics.Vector. With
    /// <paramref name="branchToExtremes"/>, for a loop that does little but exp: VectorExp computes lanes within
    /// |x| &lt; 708 on a short path, its polynomial in Estrin's order (fewer dependent steps), and calls
    /// VectorExpAtExtremes, out of line, for the others (W5a 5% faster). Without it, for the straight-line
    /// methods, which inline many exps into one body: VectorExp handles every lane in one straight sequence, its
    /// polynomial in Horner's order. There a call, even one never taken, makes the JIT keep every live vector out
    /// of the registers a call may overwrite (W2 27% slower), and Estrin's five live vectors per exp spill (W2 9% slower).
    /// On 512 bits both get one branch-free sequence, whatever <paramref name="branchToExtremes"/> says: AVX-512
    /// clamps and scales every lane in three instructions, and a table of 2^(j/16) held in two registers cuts the
    /// polynomial to degree 7 (the digits epoch 4% faster than with degree 13). A call there kept the digits
    /// epoch's tanh and softmax loops' running sums and exp's result on the stack: in the half of the processes
    /// whose stack starts at the unlucky one of its two 32-byte alignments, those 64-byte stores and loads straddle
    /// cache lines, and the whole epoch ran 11% slower.
    /// </summary>
    public static void Write(SourceWriter writer, Lanes lanes, bool branchToExtremes = true)
    {
        bool numerics = lanes.Width == 0;
        string c = lanes.VectorClass;
        string v = lanes.Type;
        string Create(string value) => numerics ? $"new {v}({value})" : $"{c}.Create({value})";
        string CreateLong(string value) => numerics ? $"new global::System.Numerics.Vector<long>({value})" : $"{c}.Create({value})";
        string AsLong(string value) => numerics ? $"{c}.AsVectorInt64({value})" : $"{c}.AsInt64({value})";
        string AsDouble(string value) => numerics ? $"{c}.AsVectorDouble({value})" : $"{c}.AsDouble({value})";
        string MultiplyAdd(string a, string b, string addend) => $"{c}.MultiplyAddEstimate({a}, {b}, {addend})";

        string longType = numerics ? "global::System.Numerics.Vector<long>" : $"{c}<long>";
        // t, n, r and p = e^r (the polynomial) for x = argument: x = n ln 2 + r.
        void WriteReducedPolynomial(string argument)
        {
            writer.WriteComment("x = n ln 2 + r with n whole and |r| <= ln 2 / 2: adding 1.5 * 2^52 rounds x / ln 2 to n, kept in t's lowest bits.");
            writer.WriteLine($"{v} t = {MultiplyAdd(argument, Create("1.4426950408889634"), Create(Rounder))};");
            writer.WriteLine($"{v} n = t - {Create(Rounder)};");
            writer.WriteComment("ln 2 = 0.6931471803691238 + 1.9082149292705877e-10 (Cody and Waite): n times the first part is exact, so r keeps double's precision.");
            writer.WriteLine($"{v} r = {MultiplyAdd("n", Create("-0.6931471803691238"), argument)};");
            writer.WriteLine($"r = {MultiplyAdd("n", Create("-1.9082149292705877e-10"), "r")};");
            if (!branchToExtremes)
            {
                writer.WriteComment("e^r = 1 + r + r^2 / 2! + ... + r^12 / 12! in Horner's order; the next term is below 2e-16 of e^r for |r| <= ln 2 / 2.");
                writer.WriteLine($"{v} p = {Create(InverseFactorial(12))};");
                for (int term = 11; term >= 2; term--)
                {
                    writer.WriteLine($"p = {MultiplyAdd("p", "r", Create(InverseFactorial(term)))};");
                }

                writer.WriteLine($"p = {MultiplyAdd("p", "r", Create("1.0"))};");
                writer.WriteLine($"p = {MultiplyAdd("p", "r", Create("1.0"))};");
                return;
            }

            writer.WriteComment("e^r = 1 + r + r^2 / 2! + ... + r^13 / 13! in Estrin's order: pairs c_i + c_(i+1) r, joined by r^2, r^4 and r^8, " +
                "six dependent steps where Horner's order takes thirteen. The next term is below 1e-17 of e^r for |r| <= ln 2 / 2.");
            writer.WriteLine($"{v} r2 = r * r;");
            writer.WriteLine($"{v} r4 = r2 * r2;");
            writer.WriteLine($"{v} r8 = r4 * r4;");
            writer.WriteComment("r + r^2 / 2! + r^3 / 3!");
            writer.WriteLine($"{v} p0 = {MultiplyAdd("r2", MultiplyAdd("r", Create(InverseFactorial(3)), Create(InverseFactorial(2))), "r")};");
            writer.WriteComment("1 / 4! + r / 5! + r^2 / 6! + r^3 / 7!");
            writer.WriteLine($"{v} p4 = {MultiplyAdd("r2", MultiplyAdd("r", Create(InverseFactorial(7)), Create(InverseFactorial(6))), MultiplyAdd("r", Create(InverseFactorial(5)), Create(InverseFactorial(4))))};");
            writer.WriteComment("1 / 8! + r / 9! + r^2 / 10! + r^3 / 11! + r^4 / 12! + r^5 / 13!");
            writer.WriteLine($"{v} p8 = {MultiplyAdd("r4", MultiplyAdd("r", Create(InverseFactorial(13)), Create(InverseFactorial(12))), MultiplyAdd("r2", MultiplyAdd("r", Create(InverseFactorial(11)), Create(InverseFactorial(10))), MultiplyAdd("r", Create(InverseFactorial(9)), Create(InverseFactorial(8)))))};");
            writer.WriteComment("1 + (p0 + r^4 p4 + r^8 p8): the 1 added last, so that the small terms' roundings stay below its last place.");
            writer.WriteLine($"{v} p = {MultiplyAdd("r8", "p8", MultiplyAdd("r4", "p4", "p0"))} + {Create("1.0")};");
        }

        // The summary, attributes and signature of VectorExp, which its callers inline.
        void OpenInlinedExp(string accuracy)
        {
            writer.WriteLine("/// <summary>");
            writer.WriteLine($"/// exp(x) in each lane, within {accuracy} in the last place: 0 below -746 and infinity above 710, as exp rounds " +
                "there; NaN stays NaN. Written here and inlined so that it is compiled optimised with its caller.");
            writer.WriteLine("/// </summary>");
            writer.WriteLine(GeneratedCode.Attribute);
            writer.WriteLine(GeneratedCode.AggressiveInlining);
            writer.OpenBlock($"private static {v} {GeneratedNames.VectorExp}({v} x)");
        }

        // VectorExp, inlined: the short path for lanes within |x| < 708, else a call to VectorExpAtExtremes.
        void WriteShortPath()
        {
            OpenInlinedExp("two units");
            writer.WriteComment("Every lane within |x| < 708 (never NaN): e^x is a normal double there, 2^n one power of two, and no lane needs a clamp.");
            writer.OpenBlock($"if ({c}.LessThanAll({c}.Abs(x), {Create("708.0")}))");
            WriteReducedPolynomial("x");
            writer.WriteComment("e^x = p * 2^n: n + 1023, in t's lowest bits, shifted into the exponent's place (1.5 * 2^52's own lowest 12 bits are 0).");
            writer.WriteLine($"return p * {AsDouble($"{c}.ShiftLeft({AsLong("t")} + {CreateLong("1023L")}, 52)")};");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteComment($"A lane at 708 or beyond, or NaN: {GeneratedNames.VectorExpAtExtremes}, out of line, so that the code inlined stays small.");
            writer.WriteLine($"return {GeneratedNames.VectorExpAtExtremes}(x);");
            writer.CloseBlock();
        }

        // VectorExp on 512-bit vectors, inlined: every lane clamped, 2^(j/16) from a table, then scaled by VSCALEFPD.
        void WriteScaledByAvx512()
        {
            const string avx512 = "global::System.Runtime.Intrinsics.X86.Avx512F";
            OpenInlinedExp("two units");
            writer.WriteComment("512-bit vectors are accelerated only where AVX-512 is; .NET's own exp below is for any other machine.");
            writer.OpenBlock($"if ({avx512}.IsSupported)");
            writer.WriteComment("Clamped to [-746, 710], beyond which exp is 0 or infinity anyway. The x86 max and min give their second " +
                "operand when either is NaN, so a NaN x stays NaN to the end.");
            writer.WriteLine($"{v} clamped = {avx512}.Min({Create("710.0")}, {avx512}.Max({Create("-746.0")}, x));");
            writer.WriteComment("x = k ln 2 / 16 + r with k whole and |r| <= ln 2 / 32: adding 1.5 * 2^52 rounds 16 x / ln 2 to k, kept in t's lowest bits.");
            writer.WriteLine($"{v} t = {MultiplyAdd("clamped", Create("23.083120654223414"), Create(Rounder))};");
            writer.WriteLine($"{v} k = t - {Create(Rounder)};");
            writer.WriteComment("ln 2 / 16 = 0.04332169877307024 + 1.1926343307941173e-11 (Cody and Waite): k times the first part is exact, so r keeps double's precision.");
            writer.WriteLine($"{v} r = {MultiplyAdd("k", Create("-0.04332169877307024"), "clamped")};");
            writer.WriteLine($"r = {MultiplyAdd("k", Create("-1.1926343307941173e-11"), "r")};");
            writer.WriteComment("e^r - 1 = r + r^2 / 2! + ... + r^7 / 7! in Horner's order; the next term is below 2e-18 for |r| <= ln 2 / 32.");
            writer.WriteLine($"{v} q = {Create(InverseFactorial(7))};");
            for (int term = 6; term >= 2; term--)
            {
                writer.WriteLine($"q = {MultiplyAdd("q", "r", Create(InverseFactorial(term)))};");
            }

            writer.WriteLine($"q = {MultiplyAdd("q", "r", Create("1.0"))} * r;");
            writer.WriteComment("2^(j / 16) for j = k mod 16: t's lowest four bits (1.5 * 2^52 ends in zeros) pick entry j of the 16 in the table's two halves.");
            writer.WriteLine($"{v} power = {avx512}.PermuteVar8x64x2(");
            writer.WriteLine($"    {c}.Create(1.0, 1.0442737824274138, 1.0905077326652577, 1.1387886347566916, 1.189207115002721, 1.241857812073484, 1.2968395546510096, 1.3542555469368927),");
            writer.WriteLine($"    {AsLong("t")},");
            writer.WriteLine($"    {c}.Create(1.4142135623730951, 1.4768261459394993, 1.5422108254079407, 1.6104903319492543, 1.681792830507429, 1.7562521603732995, 1.8340080864093424, 1.9152065613971474));");
            writer.WriteComment("e^x = 2^(j / 16) e^r 2^((k - j) / 16): the first product as 2^(j / 16) + 2^(j / 16) (e^r - 1), rounded once, then " +
                "VSCALEFPD's 2^floor(k / 16), rounded once more: a subnormal, 0 or infinity exactly where exp gives one. " +
                "No branch and no call, so the loop around keeps its vectors in registers.");
            writer.WriteLine($"return {avx512}.Scale({MultiplyAdd("power", "q", "power")}, k * {Create("0.0625")});");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"return {c}.Exp(x);");
            writer.CloseBlock();
        }

        // On 512 bits, AVX-512 makes the extremes cheap enough to handle in every lane, without a branch or a call.
        if (lanes.Width * lanes.Number.Bits == 512)
        {
            WriteScaledByAvx512();
            return;
        }

        if (branchToExtremes)
        {
            WriteShortPath();
            writer.WriteLine();
            writer.WriteLine("/// <summary>");
            writer.WriteLine($"/// {GeneratedNames.VectorExp} where a lane is at |x| >= 708 or NaN: exp(x) in each lane, 0 below -746 and infinity above 710,");
            writer.WriteLine("/// NaN kept. Compiled optimised at its first call, never inlined: it is the rare path.");
            writer.WriteLine("/// </summary>");
            writer.WriteLine(GeneratedCode.Attribute);
            writer.WriteLine(NotInlinedHotMethod);
            writer.OpenBlock($"private static {v} {GeneratedNames.VectorExpAtExtremes}({v} x)");
        }
        else
        {
            OpenInlinedExp("about one unit");
        }

        writer.WriteComment("Clamped to [-746, 710], beyond which exp is 0 or infinity anyway; a NaN x is given back at the end.");
        writer.WriteLine($"{v} clamped = {c}.Min({c}.Max(x, {Create("-746.0")}), {Create("710.0")});");
        WriteReducedPolynomial("clamped");
        writer.WriteComment("2^n as 2^(n - n / 2) times 2^(n / 2), each a normal double for every n here (-1076 to 1024), so the product " +
            "underflows to a subnormal or overflows to infinity exactly where exp does.");
        writer.WriteLine($"{longType} k = {AsLong("t")} - {AsLong(Create(Rounder))};");
        writer.WriteLine($"{longType} half = {c}.ShiftRightArithmetic(k, 1);");
        writer.WriteLine($"{v} low = {AsDouble($"{c}.ShiftLeft(half + {CreateLong("1023L")}, 52)")};");
        writer.WriteLine($"{v} high = {AsDouble($"{c}.ShiftLeft(k - half + {CreateLong("1023L")}, 52)")};");
        writer.WriteLine($"return {c}.ConditionalSelect({c}.Equals(x, x), p * low * high, x);");
        writer.CloseBlock();
    }
}
