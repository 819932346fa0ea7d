namespace Unrolled.Generator.Emit;

/// <summary>
/// How the emitter writes arithmetic: on plain doubles (one sample) or on SIMD vectors whose
/// lanes hold several samples. The formulas are the same; only types, constants and exp differ,
/// and products keep the scalar operand order, so each lane's forward and backward pass rounds
/// like the one-row code but for exp. Batch sums differ in order: TrainBatch adds per lane, then
/// across lanes.
/// </summary>
internal sealed class Lanes
{
    public static Lanes Scalar { get; } = new("double", "1.0", "global::System.Math.Exp", width: 1, vectorClass: null);

    /// <summary>Four doubles per vector, one sample per lane; needs .NET 9 for Vector256.Exp.</summary>
    public static Lanes Vector256OfDouble { get; } = Vector("global::System.Runtime.Intrinsics.Vector256", 4);

    /// <summary>Eight doubles per vector, one sample per lane; needs .NET 9 for Vector512.Exp.</summary>
    public static Lanes Vector512OfDouble { get; } = Vector("global::System.Runtime.Intrinsics.Vector512", 8);

    private readonly string? _vectorClass;

    private Lanes(string type, string one, string exp, int width, string? vectorClass)
    {
        Type = type;
        One = one;
        Exp = exp;
        Width = width;
        _vectorClass = vectorClass;
    }

    private static Lanes Vector(string vectorClass, int width) =>
        new(vectorClass + "<double>", vectorClass + "<double>.One", vectorClass + ".Exp", width, vectorClass);

    /// <summary>The static class of the vector type, e.g. <c>global::System.Runtime.Intrinsics.Vector256</c>.</summary>
    public string VectorClass => _vectorClass ?? throw new System.InvalidOperationException("Scalar lanes have no vector class.");

    /// <summary><c>Vector256.IsHardwareAccelerated</c>: a constant to the JIT, so the other paths compile away.</summary>
    public string IsHardwareAccelerated => _vectorClass + ".IsHardwareAccelerated";

    /// <summary>"256-bit" or "512-bit", for comments.</summary>
    public string Bits => NetworkShape.Number(Width * 64) + "-bit";

    /// <summary>The type of every value: <c>double</c> or <c>Vector256&lt;double&gt;</c>.</summary>
    public string Type { get; }

    public string One { get; }

    public string Exp { get; }

    /// <summary>Samples per value.</summary>
    public int Width { get; }

    public bool IsVector => _vectorClass is not null;

    /// <summary><c>weight * value</c>; a vector multiplies by a scalar on the right, which rounds the same.</summary>
    public string Times(string weight, string value) => IsVector ? $"{value} * {weight}" : $"{weight} * {value}";

    /// <summary>A scalar field used as a vector: broadcast to every lane.</summary>
    public string Broadcast(string scalar) => IsVector ? $"{_vectorClass}.Create({scalar})" : scalar;

    /// <summary><c>0.5 * (sum)</c>, with the scalar on the right for vectors.</summary>
    public string Half(string sum) => IsVector ? $"({sum}) * 0.5" : $"0.5 * ({sum})";

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

    public string Zero => IsVector ? Type + ".Zero" : "0.0";
}
