using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// A frozen network's parameters, read from its file at compile time, as C# literals that round-trip to
/// the very bits in the file: one static array in the documented order, the form every layout that keeps
/// its parameters in an array (the blocked and the recurrent one) holds them in.
/// </summary>
internal static class FrozenParameters
{
    private const int ValuesPerLine = 4;

    /// <summary>A C# literal for the number whose bits are <paramref name="bits"/>, exact to the last bit.</summary>
    public static string Literal(NumberType number, long bits)
    {
        if (number == NumberType.Single)
        {
            float value = BitConverter.ToSingle(BitConverter.GetBytes((int)bits), 0);
            return float.IsNaN(value) ? "float.NaN"
                : float.IsPositiveInfinity(value) ? "float.PositiveInfinity"
                : float.IsNegativeInfinity(value) ? "float.NegativeInfinity"
                : Decimal(value.ToString("G9", CultureInfo.InvariantCulture)) + "f";
        }

        double d = BitConverter.Int64BitsToDouble(bits);
        return double.IsNaN(d) ? "double.NaN"
            : double.IsPositiveInfinity(d) ? "double.PositiveInfinity"
            : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
            : Decimal(d.ToString("G17", CultureInfo.InvariantCulture));
    }

    /// <summary>The parameters as one static array, <c>_parameters</c>, in the order the file holds them, after a blank line unless the type's body starts here.</summary>
    public static void WriteArray(SourceWriter writer, EmitContext context, bool first = false)
    {
        FrozenWeights frozen = context.Spec.Frozen!;
        NumberType number = context.Number;
        if (!first)
        {
            writer.WriteLine();
        }

        writer.WriteComment($"The trained parameters, from {frozen.FileName}, in the documented order.");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private static readonly {number.Name}[] {GeneratedNames.ParametersArray} = new {number.Name}[]");
        writer.WriteLine("{");
        for (int start = 0; start < frozen.Bits.Count; start += ValuesPerLine)
        {
            IEnumerable<string> line = Enumerable.Range(start, Math.Min(ValuesPerLine, frozen.Bits.Count - start)).Select(p => Literal(number, frozen.Bits[p]));
            writer.WriteLine("    " + string.Join(", ", line) + ",");
        }

        writer.WriteLine("};");
    }

    // "1" and "-0" would be integers (and -0 an integer zero, losing the sign): give them a point.
    private static string Decimal(string text) => text.Contains(".") || text.Contains("E") ? text : text + ".0";
}
