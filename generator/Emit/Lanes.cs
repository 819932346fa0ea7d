namespace Unrolled.Generator.Emit;

/// <summary>
/// How the emitter writes arithmetic: on plain doubles (one sample) or on SIMD vectors whose
/// lanes hold several samples. The formulas are the same; only types, constants and exp differ,
/// and products keep the scalar operand order per lane, so each lane rounds like the scalar code.
/// </summary>
internal sealed class Lanes
{
    private const string Vector256 = "global::System.Runtime.Intrinsics.Vector256";

    public static Lanes Scalar { get; } = new("double", "1.0", "global::System.Math.Exp", width: 1, isVector: false);

    /// <summary>Four doubles per vector, one sample per lane; needs .NET 9 for Vector256.Exp.</summary>
    public static Lanes Vector256OfDouble { get; } = new(Vector256 + "<double>", Vector256 + "<double>.One", Vector256 + ".Exp", width: 4, isVector: true);

    private Lanes(string type, string one, string exp, int width, bool isVector)
    {
        Type = type;
        One = one;
        Exp = exp;
        Width = width;
        IsVector = isVector;
    }

    /// <summary>The type of every value: <c>double</c> or <c>Vector256&lt;double&gt;</c>.</summary>
    public string Type { get; }

    public string One { get; }

    public string Exp { get; }

    /// <summary>Samples per value.</summary>
    public int Width { get; }

    public bool IsVector { get; }

    /// <summary><c>weight * value</c>; a vector multiplies by a scalar on the right, which rounds the same.</summary>
    public string Times(string weight, string value) => IsVector ? $"{value} * {weight}" : $"{weight} * {value}";

    /// <summary>A scalar field used as a vector: broadcast to every lane.</summary>
    public string Broadcast(string scalar) => IsVector ? $"{Vector256}.Create({scalar})" : scalar;

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

        return $"{Vector256}.Create({string.Join(", ", lanes)})";
    }

    public string Sum(string vector) => $"{Vector256}.Sum({vector})";

    public string Zero => IsVector ? Type + ".Zero" : "0.0";
}
