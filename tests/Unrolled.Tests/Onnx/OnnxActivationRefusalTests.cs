extern alias runtime;

using runtime::Unrolled.Onnx;
using static Unrolled.Tests.Onnx.OnnxModels;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// GELU and SiLU are recognised in the forms exporters write (Div or Mul by 1/sqrt 2, either
/// operand order, float32's rounding of the constants, ONNX opset 20's Gelu) and refused, naming the
/// node, when they are something close but other: another constant, the tanh approximation, a Mul
/// that takes another tensor. Unrolled's GELU is the exact one; nothing is rounded to fit it.
/// </summary>
public sealed class OnnxActivationRefusalTests
{
    private const string Refused = "The ONNX model's ";

    [Theory]
    [InlineData("Div", 1.4142135f, TensorForm.FloatRaw)]               // sqrt 2 in float32, as torch writes it
    [InlineData("Div", 1.4142135623730951, TensorForm.DoubleRaw)]      // sqrt 2 in a float64 model
    [InlineData("Div", 1.4142135f, TensorForm.DoubleRaw)]              // float32's sqrt 2 in a float64 model
    [InlineData("Mul", 0.70710677f, TensorForm.FloatRaw)]              // times 1/sqrt 2 instead
    [InlineData("Mul", 0.7071067811865476, TensorForm.DoubleRaw)]
    public void GELU_with_sqrt_2_as_either_precision_rounds_it_imports(string op, double constant, TensorForm form)
    {
        Assert.Equal([Activation.GELU, Activation.Sigmoid], Activations(Gelu(op, constant, 1, 0.5, form)));
    }

    [Fact]
    public void GELU_with_its_operands_in_the_other_order_imports()
    {
        // Add(1, erf), Mul(1 + erf, z), Mul(0.5, ..): each operation commutes.
        ProtobufWriter[] nodes =
        [
            Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)),
            Node("Div", "gelu/Div", ["z1", "sqrt2"], "d"),
            Node("Erf", "gelu/Erf", ["d"], "e"),
            Node("Add", "gelu/Add", ["one", "e"], "p"),
            Node("Mul", "gelu/Mul", ["p", "z1"], "m"),
            Node("Mul", "gelu/Mul_1", ["half", "m"], "a1"),
            Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)),
            Node("Sigmoid", "out", ["z2"], "output"),
        ];
        Assert.Equal([Activation.GELU, Activation.Sigmoid], Activations(Model(nodes, Weights(1.4142135, 1, 0.5))));
    }

    [Theory]
    [InlineData("Div", 1.414, 1, 0.5, "node 1 \"gelu/Scale\" (Div) cannot be mapped to a fully connected layer: it divides z by 1.414, and a GELU divides it by sqrt 2 (1.4142135 in float32)")]
    [InlineData("Mul", 0.7071, 1, 0.5, "node 1 \"gelu/Scale\" (Mul) cannot be mapped to a fully connected layer: it multiplies z by 0.7071, and a GELU multiplies it by 1/sqrt 2 (0.70710677 in float32)")]
    [InlineData("Div", 1.4142135, 0.999, 0.5, "node 3 \"gelu/Add\" (Add) cannot be mapped to a fully connected layer: it adds 0.999 to erf(z / sqrt 2), and a GELU adds 1")]
    [InlineData("Div", 1.4142135, 1, 0.25, "node 5 \"gelu/Mul_1\" (Mul) cannot be mapped to a fully connected layer: it multiplies z (1 + erf(z / sqrt 2)) by 0.25, and a GELU multiplies it by 0.5")]
    public void GELU_with_another_constant_is_refused_naming_the_node(string op, double scale, double one, double half, string message)
    {
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => OnnxChainReader.Read(Gelu(op, scale, one, half).ToArray()));
        Assert.StartsWith(Refused + message, refused.Message, StringComparison.Ordinal);
        Assert.Contains("nn.GELU()", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GELU_whose_Mul_takes_another_tensor_than_z_is_refused()
    {
        ProtobufWriter[] nodes =
        [
            Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)),
            Node("Div", "gelu/Div", ["z1", "sqrt2"], "d"),
            Node("Erf", "gelu/Erf", ["d"], "e"),
            Node("Add", "gelu/Add", ["e", "one"], "p"),
            Node("Mul", "gelu/Mul", ["d", "p"], "m"),
            Node("Mul", "gelu/Mul_1", ["m", "half"], "a1"),
            Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)),
        ];
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => OnnxChainReader.Read(Model(nodes, Weights(1.4142135, 1, 0.5)).ToArray()));
        Assert.StartsWith(Refused + "node 4 \"gelu/Mul\" (Mul) cannot be mapped to a fully connected layer: it takes \"d\" and \"p\", and the GELU that node 1 \"gelu/Div\" (Div) begins multiplies z (\"z1\") by 1 + erf(z / sqrt 2)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GELU_cut_short_is_refused_naming_where_it_stops()
    {
        ProtobufWriter[] nodes =
        [
            Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)),
            Node("Div", "gelu/Div", ["z1", "sqrt2"], "d"),
            Node("Erf", "gelu/Erf", ["d"], "output"),
        ];
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => OnnxChainReader.Read(Model(nodes, Weights(1.4142135, 1, 0.5)).ToArray()));
        Assert.StartsWith(Refused + "node 2 \"gelu/Erf\" (Erf) cannot be mapped to a fully connected layer: it is not followed by Add(erf, 1), the next step of the GELU that node 1 \"gelu/Div\" (Div) begins", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("none")]
    public void Opset_20s_exact_Gelu_imports(string? approximate)
    {
        Assert.Equal([Activation.GELU, Activation.Sigmoid], Activations(GeluOperator(approximate)));
    }

    [Fact]
    public void Opset_20s_tanh_approximate_Gelu_is_refused()
    {
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => OnnxChainReader.Read(GeluOperator("tanh").ToArray()));
        Assert.StartsWith(Refused + "node 1 \"gelu\" (Gelu) cannot be mapped to a fully connected layer: it computes GELU's tanh approximation (approximate = \"tanh\"), and Unrolled's GELU is the exact one: export nn.GELU(), whose approximate is \"none\"", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PyTorchs_tanh_approximate_GELU_export_is_refused_at_its_first_node()
    {
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => OnnxChainReader.Read(OnnxFixture.Bytes("gelu_tanh_2_4_1")));
        Assert.StartsWith(Refused + "node 1 \"/1/Mul\" (Mul) cannot be mapped to a fully connected layer: it multiplies z by itself, as nn.GELU(approximate=\"tanh\") begins, and Unrolled's GELU is the exact one: export nn.GELU()", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("z1", "s", true)]  // Mul(z, sigmoid), as torch writes it
    [InlineData("s", "z1", true)]  // either operand order
    [InlineData("s", "input", false)]
    [InlineData("s", "s", false)]
    public void SiLU_is_Mul_of_z_and_its_sigmoid_and_a_Mul_of_another_tensor_is_refused(string left, string right, bool imports)
    {
        ProtobufWriter[] nodes =
        [
            Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)),
            Node("Sigmoid", "silu/Sigmoid", ["z1"], "s"),
            Node("Mul", "silu/Mul", [left, right], "a1"),
            Node("Gemm", "fc2", ["a1", "W2", "b2"], "output", Int("transB", 1)),
        ];
        MemoryStream model = Model(nodes, Weights(1.4142135, 1, 0.5));
        if (imports)
        {
            Assert.Equal([Activation.SiLU, Activation.Linear], Activations(model));
            return;
        }

        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => OnnxChainReader.Read(model.ToArray()));
        string other = left == "s" ? right : left;
        Assert.StartsWith(Refused + $"node 2 \"silu/Mul\" (Mul) cannot be mapped to a fully connected layer: it multiplies the Sigmoid's output by \"{other}\", and a SiLU multiplies it by the layer's z (\"z1\"), as nn.SiLU() exports Mul(z, Sigmoid(z))", refused.Message, StringComparison.Ordinal);
    }

    // fc1 (2 -> 3), a GELU of the given form, fc2 (3 -> 1), Sigmoid.
    private static MemoryStream Gelu(string op, double scale, double one, double half, TensorForm form = TensorForm.FloatRaw)
    {
        ProtobufWriter[] nodes =
        [
            Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)),
            Node(op, "gelu/Scale", ["z1", "sqrt2"], "d"),
            Node("Erf", "gelu/Erf", ["d"], "e"),
            Node("Add", "gelu/Add", ["e", "one"], "p"),
            Node("Mul", "gelu/Mul", ["z1", "p"], "m"),
            Node("Mul", "gelu/Mul_1", ["m", "half"], "a1"),
            Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)),
            Node("Sigmoid", "out", ["z2"], "output"),
        ];
        return Model(nodes, Weights(scale, one, half, form));
    }

    private static MemoryStream GeluOperator(string? approximate)
    {
        ProtobufWriter[] attributes = approximate is null ? [] : [new ProtobufWriter().String(1, "approximate").String(4, approximate).Int64(20, 3)];
        ProtobufWriter[] nodes =
        [
            Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)),
            Node("Gelu", "gelu", ["z1"], "a1", attributes),
            Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)),
            Node("Sigmoid", "out", ["z2"], "output"),
        ];
        return Model(nodes, Weights(1.4142135, 1, 0.5));
    }

    // Weights for a 2-3-1 chain and the GELU's three scalar constants, all in one number type.
    private static ProtobufWriter[] Weights(double scale, double one, double half, TensorForm form = TensorForm.FloatRaw) =>
    [
        Tensor("W1", [3, 2], [0.5, -0.25, 0.75, 1, -1, 0.125], form),
        Tensor("b1", [3], [0.1, 0.2, -0.3], form),
        Tensor("W2", [1, 3], [1, -0.5, 0.25], form),
        Tensor("b2", [1], [0.05], form),
        Tensor("sqrt2", [], [scale], form),
        Tensor("one", [], [one], form),
        Tensor("half", [], [half], form),
    ];

    private static Activation[] Activations(MemoryStream model) => [.. OnnxChainReader.Read(model.ToArray()).Layers.Select(layer => layer.Activation)];
}
