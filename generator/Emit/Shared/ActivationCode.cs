using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// Each activation as inline code: the function of z, its derivative (from the output a, or from z
/// for GELU and SiLU, whose derivatives a alone does not give), and the formulas the comments show.
/// Softmax, which needs the whole layer, is written by the forward pass. Adding an activation is a
/// case in each switch here; the layouts ask <see cref="NeedsZ"/> whether to keep its z.
/// </summary>
internal static class ActivationCode
{
    /// <summary>LeakyReLU's slope for z &lt;= 0: 1/128, exact in float and double (and in ONNX's float attribute).</summary>
    public const string LeakySlope = "0.0078125";

    public static string Slope(NumberType number) => number == NumberType.Single ? LeakySlope + "f" : LeakySlope;

    // GELU's 1/sqrt(2), and the runtime's erf and derivative (.NET has no erf); both take vectors too.
    private const string InverseSqrt2 = "0.7071067811865476";
    private const string NetworkMath = "global::Unrolled.NetworkMath";

    /// <summary>True when the derivative is written from z rather than from the output a: the layouts keep such a layer's z.</summary>
    public static bool NeedsZ(Activation activation) => activation switch
    {
        Activation.GELU or Activation.SiLU => true,
        Activation.Sigmoid or Activation.Tanh or Activation.ReLU or Activation.LeakyReLU or Activation.Linear or Activation.Softmax => false,
        _ => throw Unknown(activation),
    };

    /// <summary>True when the code calls exp: vector code may use it only where the compilation has a vector exp.</summary>
    public static bool NeedsExp(Activation activation) => activation switch
    {
        Activation.Sigmoid or Activation.Tanh or Activation.SiLU or Activation.Softmax => true,
        Activation.ReLU or Activation.LeakyReLU or Activation.Linear or Activation.GELU => false,
        _ => throw Unknown(activation),
    };

    /// <summary>a = f(z). Not for <see cref="Activation.Softmax"/>.</summary>
    public static string Apply(Activation activation, Lanes lanes, string z) => activation switch
    {
        Activation.Sigmoid => $"{lanes.One} / ({lanes.One} + {lanes.Exp}(-{z}))",
        // No vector tanh exists; 1 - 2 / (exp(2z) + 1) is tanh to within 1e-16 absolute, and exact at the extremes.
        Activation.Tanh => lanes.IsVector
            ? $"{lanes.One} - ({lanes.One} + {lanes.One}) / ({lanes.Exp}({z} + {z}) + {lanes.One})"
            : $"{lanes.Number.Math}.Tanh({z})",
        Activation.ReLU => lanes.Call("Max", z, lanes.Zero),
        Activation.LeakyReLU => lanes.IsVector
            ? $"{lanes.VectorClass}.ConditionalSelect({lanes.VectorClass}.GreaterThan({z}, {lanes.Zero}), {z}, {z} * {Slope(lanes.Number)})"
            : $"{z} > {lanes.Zero} ? {z} : {z} * {Slope(lanes.Number)}",
        Activation.Linear => z,
        Activation.GELU => $"{lanes.Broadcast(lanes.Number.Half)} * {z} * ({lanes.One} + {NetworkMath}.Erf({z} * {lanes.Broadcast(Constant(lanes, InverseSqrt2))}))",
        Activation.SiLU => $"{z} / ({lanes.One} + {lanes.Exp}(-{z}))",
        Activation.Softmax => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "Softmax is written per layer."),
        _ => throw Unknown(activation),
    };

    /// <summary>
    /// f'(z) bracketed, from the output <paramref name="a"/> or, where <see cref="NeedsZ"/>, from
    /// <paramref name="z"/>; null for <see cref="Activation.Linear"/>, whose derivative is 1.
    /// </summary>
    public static string? Derivative(Activation activation, Lanes lanes, string a, string? z = null) => activation switch
    {
        Activation.Sigmoid => $"({a} * ({lanes.One} - {a}))",
        Activation.Tanh => $"({lanes.One} - {a} * {a})",
        Activation.ReLU => Step(lanes, a, lanes.Zero),
        Activation.LeakyReLU => Step(lanes, a, lanes.Broadcast(Slope(lanes.Number))),
        Activation.Linear => null,
        Activation.GELU => $"{NetworkMath}.GeluDerivative({Z(activation, z)})",
        Activation.SiLU => SiluDerivative(lanes, Z(activation, z)),
        Activation.Softmax => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "Softmax has no per-neuron derivative here."),
        _ => throw Unknown(activation),
    };

    /// <summary>"sigmoid(z) = 1 / (1 + exp(-z))", for comments.</summary>
    public static string Formula(Activation activation, string z) => activation switch
    {
        Activation.Sigmoid => $"sigmoid({z}) = 1 / (1 + exp(-{z}))",
        Activation.Tanh => $"tanh({z})",
        Activation.ReLU => $"relu({z}) = max(0, {z})",
        Activation.LeakyReLU => $"leaky_relu({z}) = {z} > 0 ? {z} : {z} / 128",
        Activation.Linear => z,
        Activation.Softmax => $"softmax({z})",
        Activation.GELU => $"gelu({z}) = 0.5 * {z} * (1 + erf({z} / sqrt(2)))",
        Activation.SiLU => $"silu({z}) = {z} * sigmoid({z})",
        _ => throw Unknown(activation),
    };

    /// <summary>"a * (1 - a)", for comments.</summary>
    public static string DerivativeFormula(Activation activation, string a) => activation switch
    {
        Activation.Sigmoid => $"{a} * (1 - {a})",
        Activation.Tanh => $"(1 - {a}^2)",
        Activation.ReLU => $"({a} > 0 ? 1 : 0)",
        Activation.LeakyReLU => $"({a} > 0 ? 1 : 1/128)",
        Activation.Linear => "1",
        Activation.GELU => $"gelu'({ZOf(a)})",
        Activation.SiLU => $"silu'({ZOf(a)})",
        Activation.Softmax => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "Softmax has no per-neuron derivative here."),
        _ => throw Unknown(activation),
    };

    /// <summary>"gelu'(z) = ...", the derivative from z, for the header; null for the activations whose derivative comes from a.</summary>
    public static string? DerivativeFromZFormula(Activation activation) => activation switch
    {
        Activation.GELU => "gelu'(z) = 0.5 * (1 + erf(z / sqrt(2))) + z * exp(-z^2 / 2) / sqrt(2 pi)",
        Activation.SiLU => "silu'(z) = s * (1 + z * (1 - s)), where s = sigmoid(z)",
        Activation.Sigmoid or Activation.Tanh or Activation.ReLU or Activation.LeakyReLU or Activation.Linear or Activation.Softmax => null,
        _ => throw Unknown(activation),
    };

    /// <summary>The name the comments use: sigmoid, tanh, ...</summary>
    public static string Name(Activation activation) => activation switch
    {
        Activation.Sigmoid => "sigmoid",
        Activation.Tanh => "tanh",
        Activation.ReLU => "relu",
        Activation.LeakyReLU => "leaky_relu",
        Activation.Linear => "linear",
        Activation.Softmax => "softmax",
        Activation.GELU => "gelu",
        Activation.SiLU => "silu",
        _ => throw Unknown(activation),
    };

    // The z symbol that goes with an output symbol in comments: a1_j -> z1_j, o_k -> z_k, a -> z.
    private static string ZOf(string a) => a.StartsWith("a", System.StringComparison.Ordinal) ? "z" + a.Substring(1) : a == "o_k" ? "z_k" : "z";

    private static string Z(Activation activation, string? z) =>
        z ?? throw new System.InvalidOperationException($"The derivative of {activation} is written from z, and no z was given.");

    // s * (1 + z * (1 - s)) with s = sigmoid(z): finite for every finite z (s reaches 0 or 1, never NaN).
    private static string SiluDerivative(Lanes lanes, string z)
    {
        string s = $"({lanes.One} / ({lanes.One} + {lanes.Exp}(-{z})))";
        return $"({s} * ({lanes.One} + {z} * ({lanes.One} - {s})))";
    }

    private static string Constant(Lanes lanes, string literal) => lanes.Number == NumberType.Single ? literal + "f" : literal;

    private static System.ArgumentOutOfRangeException Unknown(Activation activation) =>
        new(nameof(activation), activation, "Not an Unrolled activation.");

    // 1 where a > 0, else the given slope: the derivative of ReLU (slope 0) and LeakyReLU.
    private static string Step(Lanes lanes, string a, string otherwise) => lanes.IsVector
        ? $"{lanes.VectorClass}.ConditionalSelect({lanes.VectorClass}.GreaterThan({a}, {lanes.Zero}), {lanes.One}, {otherwise})"
        : $"({a} > {lanes.Zero} ? {lanes.One} : {otherwise})";
}
