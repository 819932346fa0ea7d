using Unrolled.Onnx;
using Unrolled.Tests.Numerics;
using static Unrolled.Tests.Onnx.OnnxModels;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// A model whose weights, biases or LeakyReLU slope hold NaN or an infinity (its training diverged,
/// or the file is damaged) is refused with an InvalidDataException that names the tensor, and the
/// network keeps every bit of its parameters. So is a float64 number that a float network could
/// only hold as infinity or rounded.
/// </summary>
public sealed class OnnxNonFiniteRefusalTests
{
    private static readonly double[] s_w1 = [.. Enumerable.Range(0, 8).Select(i => (i - 3.5) / 4)];
    private static readonly double[] s_b1 = [0.5, -0.25, 0.125, 1];
    private static readonly double[] s_w2 = [1.5, -2, 0.75, -0.5];
    private static readonly double[] s_b2 = [0.25];

    public static TheoryData<TensorForm, string, int, double> Damaged()
    {
        var cases = new TheoryData<TensorForm, string, int, double>();
        foreach (TensorForm form in Enum.GetValues<TensorForm>())
        {
            cases.Add(form, "W1", 3, double.NaN);
            cases.Add(form, "b1", 2, double.PositiveInfinity);
            cases.Add(form, "W2", 0, double.NegativeInfinity);
            cases.Add(form, "b2", 0, double.NaN);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Damaged))]
    public void A_non_finite_weight_or_bias_is_refused_naming_the_tensor(TensorForm form, string tensor, int index, double value)
    {
        double[] w1 = [.. s_w1], b1 = [.. s_b1], w2 = [.. s_w2], b2 = [.. s_b2];
        double[] damaged = tensor switch { "W1" => w1, "b1" => b1, "W2" => w2, _ => b2 };
        damaged[index] = value;
        MemoryStream model = Model(
            [Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "a1"),
             Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")],
            [Tensor("W1", [4, 2], w1, form), Tensor("b1", [4], b1, form), Tensor("W2", [1, 4], w2, form), Tensor("b2", [1], b2, form)]);

        string role = tensor.StartsWith('W') ? "weights" : "bias";
        string node = tensor.EndsWith('1') ? "node 0 \"fc1\" (Gemm)" : "node 2 \"fc2\" (Gemm)";
        string what = double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";
        string expected = $"The tensor \"{tensor}\" (the {role} of the ONNX model's {node}) holds {what} at index {index} of {damaged.Length}, and a network's parameters must be finite numbers";

        bool isDouble = form is TensorForm.DoubleRaw or TensorForm.DoubleTyped;
        InvalidDataException refused = isDouble ? RefusedByDouble(model) : RefusedBySingle(model);
        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
        Assert.Contains("Export the model again once every parameter is finite", refused.Message, StringComparison.Ordinal);
        if (!isDouble)
        {
            // Every float is a double: a float32 model is refused by a double network too.
            model.Position = 0;
            Assert.StartsWith(expected, RefusedByDouble(model).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_PyTorch_export_with_one_bias_0xFFC00000_is_refused()
    {
        // The reproduction: a real float32 2-4-1 whose output bias (2.bias, -0.6631339) is NaN.
        byte[] model = OnnxFixture.Bytes("sigmoid_2_4_1");
        ReplaceOnce(model, BitConverter.GetBytes(-0.6631338596343994f), BitConverter.GetBytes(0xFFC00000));
        InvalidDataException refused = RefusedBySingle(new MemoryStream(model));
        Assert.StartsWith("The tensor \"2.bias\" (the bias of the ONNX model's node 2 \"/2/Gemm\" (Gemm)) holds NaN at index 0 of 1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_finite_slope_tensor_of_a_double_LeakyReLU_is_refused()
    {
        // Max(z, Mul(z, slope)): the LeakyReLU ExportOnnx writes for double networks.
        MemoryStream model = Model(
            [Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)), Node("Mul", "leaky1", ["z1", "slope1"], "m1"), Node("Max", "act1", ["z1", "m1"], "a1"),
             Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")],
            [Tensor("W1", [4, 2], s_w1), Tensor("b1", [4], s_b1), Tensor("slope1", [], [double.PositiveInfinity]), Tensor("W2", [1, 4], s_w2), Tensor("b2", [1], s_b2)]);
        InvalidDataException refused = Refused(new LeakyDoubleNet(), model);
        Assert.StartsWith("The tensor \"slope1\" (the slope of the ONNX model's node 1 \"leaky1\" (Mul)) holds +infinity at index 0 of 1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_finite_LeakyRelu_alpha_is_refused_before_the_networks_are_compared()
    {
        MemoryStream model = Model(
            [Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)), Node("LeakyRelu", "act1", ["z1"], "a1", Float("alpha", float.NaN)),
             Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")],
            [Tensor("W1", [4, 2], s_w1, TensorForm.FloatRaw), Tensor("b1", [4], s_b1, TensorForm.FloatRaw), Tensor("W2", [1, 4], s_w2, TensorForm.FloatRaw), Tensor("b2", [1], s_b2, TensorForm.FloatRaw)]);
        InvalidDataException refused = RefusedBySingle(model);
        Assert.Equal("The ONNX model's node 1 \"act1\" (LeakyRelu) has LeakyReLU slope (attribute alpha) NaN, not a finite number, and Unrolled's LeakyReLU has slope 1/128 = 0.0078125. Train and export with nn.LeakyReLU(0.0078125).", refused.Message);
    }

    [Fact]
    public void A_float64_bias_beside_float32_weights_is_refused_rather_than_made_infinite()
    {
        // 1e300 is finite, but (float)1e300 is infinity: a float network must never receive it.
        MemoryStream model = Model(
            [Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "a1"),
             Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")],
            [Tensor("W1", [4, 2], s_w1, TensorForm.FloatRaw), Tensor("b1", [4], s_b1, TensorForm.FloatRaw), Tensor("W2", [1, 4], s_w2, TensorForm.FloatRaw), Tensor("b2", [1], [1e300], TensorForm.DoubleRaw)]);
        const string Expected = "The ONNX model's node 2 \"fc2\" (Gemm) cannot be mapped to a fully connected layer: its bias b2 holds float64 numbers and its weights float32 ones; export the model in one precision (model.float() or model.double()).";
        Assert.StartsWith(Expected, RefusedBySingle(model).Message, StringComparison.Ordinal);
        model.Position = 0;
        Assert.StartsWith(Expected, RefusedByDouble(model).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_float_tensor_that_stores_its_numbers_as_doubles_is_refused_rather_than_made_infinite()
    {
        // data_type 1 (float), but the number in double_data (field 10): 1e300, infinity as a float.
        ProtobufWriter b2 = new ProtobufWriter().Int64(1, 1).Int64(2, 1).String(8, "b2").Bytes(10, BitConverter.GetBytes(1e300));
        MemoryStream model = Model(
            [Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "a1"),
             Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")],
            [Tensor("W1", [4, 2], s_w1, TensorForm.FloatRaw), Tensor("b1", [4], s_b1, TensorForm.FloatRaw), Tensor("W2", [1, 4], s_w2, TensorForm.FloatRaw), b2]);
        Assert.Equal("The tensor \"b2\" is float (ONNX data type 1) but stores numbers in double_data: the file is corrupted.", RefusedBySingle(model).Message);
    }

    [Fact]
    public void A_float64_model_of_huge_finite_weights_is_refused_by_a_float_network()
    {
        MemoryStream model = Model(
            [Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "a1"),
             Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")],
            [Tensor("W1", [4, 2], [1e300, .. s_w1[1..]]), Tensor("b1", [4], s_b1), Tensor("W2", [1, 4], s_w2), Tensor("b2", [1], s_b2)]);
        Assert.StartsWith("The ONNX model's numbers are float64, and the 2-4-1 (Sigmoid hidden, Sigmoid output, SquaredError, Sgd, Single) network holds float32", RefusedBySingle(model).Message, StringComparison.Ordinal);
    }

    private static InvalidDataException RefusedByDouble(MemoryStream model)
    {
        var network = new XorNetwork();
        return Refused(network, model);
    }

    private static InvalidDataException RefusedBySingle(MemoryStream model)
    {
        var network = new SigmoidFixtureNet();
        network.Randomize(4);
        long[] before = Bits(network);
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => network.ImportOnnx(model));
        Assert.Equal(before, Bits(network));
        return refused;
    }

    private static InvalidDataException Refused(INetwork network, MemoryStream model)
    {
        network.Randomize(4);
        long[] before = [.. Infrastructure.NetworkParameters.Of(network).Select(BitConverter.DoubleToInt64Bits)];
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => network.ImportOnnx(model));
        Assert.Equal(before, Infrastructure.NetworkParameters.Of(network).Select(BitConverter.DoubleToInt64Bits));
        return refused;
    }

    private static long[] Bits(ISingleNetwork network)
    {
        float[] parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return [.. parameters.Select(p => (long)BitConverter.SingleToInt32Bits(p))];
    }

    internal static void ReplaceOnce(byte[] bytes, byte[] find, byte[] replacement)
    {
        int at = bytes.AsSpan().IndexOf(find);
        Assert.True(at >= 0 && bytes.AsSpan(at + 1).IndexOf(find) < 0, "the value must occur exactly once");
        replacement.CopyTo(bytes, at);
    }
}
