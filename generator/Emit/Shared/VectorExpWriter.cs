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

    /// <summary>Whether a double network's vector code calls exp: any layer's activation computes one.</summary>
    public static bool Applies(EmitContext context) =>
        context.Spec.HasVectorExp
        && context.Shape.NumberType == NumberType.Double
        && Enumerable.Range(1, context.Shape.OutputLayer).Any(layer => ActivationCode.NeedsExp(context.Shape.ActivationOf(layer)));

    /// <summary>The lanes, calling the network's own exp where it has one for them.</summary>
    public static Lanes For(EmitContext context, Lanes lanes) =>
        lanes.IsVector && Applies(context) ? lanes.WithExp(GeneratedNames.VectorExp) : lanes;

    /// <summary>The helper for one vector type: <paramref name="lanes"/>' class, or System.Numerics.Vector.</summary>
    public static void Write(SourceWriter writer, Lanes lanes)
    {
        bool numerics = lanes.Width == 0;
        string c = lanes.VectorClass;
        string v = lanes.Type;
        string Create(string value) => numerics ? $"new {v}({value})" : $"{c}.Create({value})";
        string CreateLong(string value) => numerics ? $"new global::System.Numerics.Vector<long>({value})" : $"{c}.Create({value})";
        string AsLong(string value) => numerics ? $"{c}.AsVectorInt64({value})" : $"{c}.AsInt64({value})";
        string AsDouble(string value) => numerics ? $"{c}.AsVectorDouble({value})" : $"{c}.AsDouble({value})";
        string MultiplyAdd(string a, string b, string addend) => $"{c}.MultiplyAddEstimate({a}, {b}, {addend})";
        string[] inverseFactorials =
        [
            "2.08767569878681e-09", "2.505210838544172e-08", "2.755731922398589e-07", "2.7557319223985893e-06", "2.48015873015873e-05",
            "0.0001984126984126984", "0.001388888888888889", "0.008333333333333333", "0.041666666666666664", "0.16666666666666666", "0.5", "1.0",
        ];

        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// exp(x) in each lane, within about one unit in the last place: 0 below -746 and infinity above 710, as exp");
        writer.WriteLine("/// rounds there; NaN stays NaN. Written here and inlined so that it is compiled optimised with its caller.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine(GeneratedCode.AggressiveInlining);
        writer.OpenBlock($"private static {v} {GeneratedNames.VectorExp}({v} x)");
        writer.WriteComment("Clamped to [-746, 710], beyond which exp is 0 or infinity anyway; a NaN x is given back at the end.");
        writer.WriteLine($"{v} clamped = {c}.Min({c}.Max(x, {Create("-746.0")}), {Create("710.0")});");
        writer.WriteComment("x = n ln 2 + r with n whole and |r| <= ln 2 / 2: adding 1.5 * 2^52 rounds x / ln 2 to n, kept in t's lowest bits.");
        writer.WriteLine($"{v} t = {MultiplyAdd("clamped", Create("1.4426950408889634"), Create(Rounder))};");
        writer.WriteLine($"{v} n = t - {Create(Rounder)};");
        writer.WriteComment("ln 2 = 0.6931471803691238 + 1.9082149292705877e-10 (Cody and Waite): n times the first part is exact, so r keeps double's precision.");
        writer.WriteLine($"{v} r = {MultiplyAdd("n", Create("-0.6931471803691238"), "clamped")};");
        writer.WriteLine($"r = {MultiplyAdd("n", Create("-1.9082149292705877e-10"), "r")};");
        writer.WriteComment("e^r = 1 + r + r^2 / 2! + ... + r^12 / 12! in Horner's order; the next term is below 2e-16 of e^r for |r| <= ln 2 / 2.");
        writer.WriteLine($"{v} p = {Create(inverseFactorials[0])};");
        foreach (string coefficient in inverseFactorials.Skip(1))
        {
            writer.WriteLine($"p = {MultiplyAdd("p", "r", Create(coefficient))};");
        }

        writer.WriteLine($"p = {MultiplyAdd("p", "r", Create("1.0"))};");
        writer.WriteComment("2^n as 2^(n - n / 2) times 2^(n / 2), each a normal double for every n here (-1076 to 1024), so the product " +
            "underflows to a subnormal or overflows to infinity exactly where exp does.");
        string longType = numerics ? "global::System.Numerics.Vector<long>" : $"{c}<long>";
        writer.WriteLine($"{longType} k = {AsLong("t")} - {AsLong(Create(Rounder))};");
        writer.WriteLine($"{longType} half = {c}.ShiftRightArithmetic(k, 1);");
        writer.WriteLine($"{v} low = {AsDouble($"{c}.ShiftLeft(half + {CreateLong("1023L")}, 52)")};");
        writer.WriteLine($"{v} high = {AsDouble($"{c}.ShiftLeft(k - half + {CreateLong("1023L")}, 52)")};");
        writer.WriteLine($"return {c}.ConditionalSelect({c}.Equals(x, x), p * low * high, x);");
        writer.CloseBlock();
    }
}
