using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// Each activation as inline code: the function of z, its derivative from the output a, and the
/// formulas the comments show. Softmax, which needs the whole layer, is written by the forward pass.
/// </summary>
internal static class ActivationCode
{
    /// <summary>LeakyReLU's slope for z &lt;= 0: 1/128, exact in float and double (and in ONNX's float attribute).</summary>
    public const string LeakySlope = "0.0078125";

    public static string Slope(NumberType number) => number == NumberType.Single ? LeakySlope + "f" : LeakySlope;

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
        _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "Softmax is written per layer."),
    };

    /// <summary>f'(z) written from the output a, bracketed; null for <see cref="Activation.Linear"/>, whose derivative is 1.</summary>
    public static string? Derivative(Activation activation, Lanes lanes, string a) => activation switch
    {
        Activation.Sigmoid => $"({a} * ({lanes.One} - {a}))",
        Activation.Tanh => $"({lanes.One} - {a} * {a})",
        Activation.ReLU => Step(lanes, a, lanes.Zero),
        Activation.LeakyReLU => Step(lanes, a, lanes.Broadcast(Slope(lanes.Number))),
        Activation.Linear => null,
        _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "Softmax has no per-neuron derivative here."),
    };

    /// <summary>"sigmoid(z) = 1 / (1 + exp(-z))", for comments.</summary>
    public static string Formula(Activation activation, string z) => activation switch
    {
        Activation.Sigmoid => $"sigmoid({z}) = 1 / (1 + exp(-{z}))",
        Activation.Tanh => $"tanh({z})",
        Activation.ReLU => $"relu({z}) = max(0, {z})",
        Activation.LeakyReLU => $"leaky_relu({z}) = {z} > 0 ? {z} : {z} / 128",
        Activation.Linear => z,
        _ => $"softmax({z})",
    };

    /// <summary>"a * (1 - a)", for comments.</summary>
    public static string DerivativeFormula(Activation activation, string a) => activation switch
    {
        Activation.Sigmoid => $"{a} * (1 - {a})",
        Activation.Tanh => $"(1 - {a}^2)",
        Activation.ReLU => $"({a} > 0 ? 1 : 0)",
        Activation.LeakyReLU => $"({a} > 0 ? 1 : 1/128)",
        _ => "1",
    };

    /// <summary>The name the comments use: sigmoid, tanh, ...</summary>
    public static string Name(Activation activation) => activation switch
    {
        Activation.ReLU => "relu",
        Activation.LeakyReLU => "leaky_relu",
        _ => activation.ToString().ToLowerInvariant(),
    };

    // 1 where a > 0, else the given slope: the derivative of ReLU (slope 0) and LeakyReLU.
    private static string Step(Lanes lanes, string a, string otherwise) => lanes.IsVector
        ? $"{lanes.VectorClass}.ConditionalSelect({lanes.VectorClass}.GreaterThan({a}, {lanes.Zero}), {lanes.One}, {otherwise})"
        : $"({a} > {lanes.Zero} ? {lanes.One} : {otherwise})";
}
