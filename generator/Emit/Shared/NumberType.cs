using System.Globalization;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>The floating-point type the generated code computes in, and how to write its constants and functions.</summary>
internal sealed class NumberType
{
    public static NumberType Double { get; } = new("double", 64, "global::System.Math", "1.0", "0.5", "0.0", "6.0");

    public static NumberType Single { get; } = new("float", 32, "global::System.MathF", "1.0f", "0.5f", "0.0f", "6.0f");

    private NumberType(string name, int bits, string math, string one, string half, string zero, string six)
    {
        Name = name;
        Bits = bits;
        Math = math;
        One = one;
        Half = half;
        Zero = zero;
        Six = six;
    }

    /// <summary><c>double</c> or <c>float</c>.</summary>
    public string Name { get; }

    /// <summary>Size of one number in bits.</summary>
    public int Bits { get; }

    /// <summary><c>global::System.Math</c> or <c>global::System.MathF</c>.</summary>
    public string Math { get; }

    public string One { get; }

    public string Half { get; }

    public string Zero { get; }

    /// <summary>The 6 of Glorot's <c>sqrt(6 / (fanIn + fanOut))</c>.</summary>
    public string Six { get; }

    public string Exp => Math + ".Exp";

    public string ReadOnlySpan => $"global::System.ReadOnlySpan<{Name}>";

    public string Span => $"global::System.Span<{Name}>";

    /// <summary>An invariant-culture literal that round-trips: 0.9, 1E-08, 0.9f.</summary>
    public string Literal(double value) => this == Single
        ? ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f"
        : value.ToString("R", CultureInfo.InvariantCulture) is var text && (text.Contains(".") || text.Contains("E")) ? text : text + ".0";

    public static NumberType For(Precision precision) => precision switch
    {
        Precision.Double => Double,
        Precision.Single => Single,
        _ => throw new System.ArgumentOutOfRangeException(nameof(precision), precision, "No number type for this precision."),
    };
}
