namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// How the emitter writes arithmetic: on plain doubles (one sample) or on SIMD vectors whose
/// lanes hold several samples. The formulas are the same; only types, constants and exp differ,
/// and products keep the scalar operand order, so each lane's forward and backward pass rounds
/// like the one-row code but for exp. Batch sums differ in order: TrainBatch adds per lane, then
/// across lanes.
/// </summary>
internal sealed class Lanes
{
    private readonly string? _vectorClass;

    private Lanes(NumberType number, string type, string one, string exp, int width, string? vectorClass)
    {
        Number = number;
        Type = type;
        One = one;
        Exp = exp;
        Width = width;
        _vectorClass = vectorClass;
    }

    /// <summary>One sample: plain numbers.</summary>
    public static Lanes Scalar(NumberType number) => new(number, number.Name, number.One, number.Exp, width: 1, vectorClass: null);

    /// <summary>Two doubles or four floats per vector, one sample per lane; needs .NET 9 for Vector128.Exp.</summary>
    public static Lanes Vector128(NumberType number) => Vector(number, "global::System.Runtime.Intrinsics.Vector128", 128);

    /// <summary>Four doubles or eight floats per vector, one sample per lane; needs .NET 9 for Vector256.Exp.</summary>
    public static Lanes Vector256(NumberType number) => Vector(number, "global::System.Runtime.Intrinsics.Vector256", 256);

    /// <summary>Eight doubles or sixteen floats per vector, one sample per lane; needs .NET 9 for Vector512.Exp.</summary>
    public static Lanes Vector512(NumberType number) => Vector(number, "global::System.Runtime.Intrinsics.Vector512", 512);

    private static Lanes Vector(NumberType number, string vectorClass, int bits)
    {
        string type = $"{vectorClass}<{number.Name}>";
        return new(number, type, type + ".One", vectorClass + ".Exp", bits / number.Bits, vectorClass);
    }

    /// <summary>
    /// <c>System.Numerics.Vector&lt;T&gt;</c>, as wide as the hardware's SIMD registers: the blocked layout's
    /// vectors of neighbouring neurons. Its width is known only to the JIT, so it has no gathers.
    /// </summary>
    public static Lanes NumericsVector(NumberType number)
    {
        string type = $"global::System.Numerics.Vector<{number.Name}>";
        return new(number, type, type + ".One", "global::System.Numerics.Vector.Exp", width: 0, NumericsVectorClass);
    }

    private const string NumericsVectorClass = "global::System.Numerics.Vector";

    public NumberType Number { get; }

    /// <summary>The static class of the vector type, e.g. <c>global::System.Runtime.Intrinsics.Vector256</c>.</summary>
    public string VectorClass => _vectorClass ?? throw new System.InvalidOperationException("Scalar lanes have no vector class.");

    /// <summary><c>Vector256.IsHardwareAccelerated</c>: a constant to the JIT, so the other paths compile away.</summary>
    public string IsHardwareAccelerated => _vectorClass + ".IsHardwareAccelerated";

    /// <summary>"256-bit" or "512-bit", for comments.</summary>
    public string Bits => NetworkShape.Number(Width * Number.Bits) + "-bit";

    /// <summary>The type of every value: <c>double</c> or <c>Vector256&lt;double&gt;</c>.</summary>
    public string Type { get; }

    public string One { get; }

    public string Exp { get; }

    /// <summary>The same lanes computing exp with <paramref name="exp"/>, a method of one vector.</summary>
    public Lanes WithExp(string exp) => new(Number, Type, One, exp, Width, _vectorClass);

    /// <summary>Samples per value.</summary>
    public int Width { get; }

    public bool IsVector => _vectorClass is not null;

    /// <summary><c>weight * value</c>; a vector multiplies by a scalar on the right, which rounds the same.</summary>
    public string Times(string weight, string value) => IsVector ? $"{value} * {weight}" : $"{weight} * {value}";

    /// <summary>A scalar field used as a vector: broadcast to every lane.</summary>
    /// <remarks>System.Numerics.Vector has no Create before .NET 9, so its vectors use the constructor.</remarks>
    public string Broadcast(string scalar) =>
        !IsVector ? scalar : _vectorClass == NumericsVectorClass ? $"new {Type}({scalar})" : $"{_vectorClass}.Create({scalar})";

    /// <summary><c>0.5 * (sum)</c>, with the scalar on the right for vectors.</summary>
    public string Half(string sum) => IsVector ? $"({sum}) * {Number.Half}" : $"{Number.Half} * ({sum})";

    /// <summary>A vector made of one scalar per lane, e.g. the same input of four rows.</summary>
    public string Gather(System.Func<int, string> laneValue)
    {
        if (!IsVector)
        {
            return laneValue(0);
        }

        var lanes = new string[Width];
        for (int lane = 0; lane < Width; lane++)
        {
            lanes[lane] = laneValue(lane);
        }

        return $"{_vectorClass}.Create({string.Join(", ", lanes)})";
    }

    /// <summary>
    /// Value <paramref name="column"/> of consecutive rows of <paramref name="rowWidth"/> values in
    /// <paramref name="span"/>: one row per lane, e.g. input x1 of four rows.
    /// </summary>
    public string GatherColumn(string span, int rowWidth, int column) =>
        Gather(lane => $"{span}[{NetworkShape.Number((lane * rowWidth) + column)}]");

    public string Sum(string vector) => $"{_vectorClass}.Sum({vector})";

    /// <summary>A function of Math (MathF) for one sample, of the vector class for vectors: Max, Log, Abs, Exp.</summary>
    public string Call(string function, params string[] arguments) =>
        $"{(IsVector ? _vectorClass : Number.Math)}.{function}({string.Join(", ", arguments)})";

    public string Zero => IsVector ? Type + ".Zero" : Number.Zero;
}
