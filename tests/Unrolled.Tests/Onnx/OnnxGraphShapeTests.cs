using Unrolled.Onnx;
using Unrolled.Tests.Numerics;
using static Unrolled.Tests.Onnx.OnnxModels;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// Graph shapes written node by node (with the runtime's own protobuf writer) into a 2-4-1 sigmoid
/// network: the forms the import accepts, and those it refuses by naming the node and the reason.
/// </summary>
public sealed class OnnxGraphShapeTests
{
    private static readonly double[] s_w1 = [.. Enumerable.Range(0, 8).Select(i => (i - 3.5) / 4)];
    private static readonly double[] s_b1 = [0.5, -0.25, 0.125, 1];
    private static readonly double[] s_w2 = [1.5, -2, 0.75, -0.5];
    private static readonly double[] s_b2 = [0.25];

    [Fact]
    public void A_MatMul_without_Add_is_a_layer_without_biases()
    {
        // W stored [in, out] for MatMul: the transpose of Unrolled's W[j, i].
        var network = new XorNetwork();
        network.Randomize(1);
        network.ImportOnnx(Model(
            [Node("MatMul", "fc1", ["input", "W1t"], "z1"), Node("Sigmoid", "s1", ["z1"], "a1"),
             Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")],
            [Tensor("W1t", [2, 4], Transpose(s_w1, 4, 2)), Tensor("W2", [1, 4], s_w2), Tensor("b2", [1], s_b2)]));
        Assert.Equal([.. s_w1, 0, 0, 0, 0, .. s_w2, .. s_b2], Infrastructure.NetworkParameters.Of(network));
    }

    [Fact]
    public void A_Gemm_that_scales_by_alpha_is_refused()
    {
        InvalidDataException refused = Refused(Model(
            [Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1), Float("alpha", 0.5f)), Node("Sigmoid", "s1", ["z1"], "a1"),
             Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")], Weights()));
        Assert.StartsWith("The ONNX model's node 0 \"fc1\" (Gemm) cannot be mapped to a fully connected layer: it scales by alpha = 0.5, and Unrolled imports alpha = beta = 1 only.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Softmax_over_the_batch_axis_is_refused()
    {
        var network = new Unrolled.Tests.Numerics.EdgeSoftmax();
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => network.ImportOnnx(Model(
            [Node("Gemm", "fc", ["input", "W", "b"], "z", Int("transB", 1)), Node("Softmax", "sm", ["z"], "output", Int("axis", 0))],
            [Tensor("W", [2, 1], [1, -1]), Tensor("b", [2], [0, 0])])));
        Assert.StartsWith("The ONNX model's node 1 \"sm\" (Softmax) cannot be mapped to a fully connected layer: it normalizes over axis 0", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_branch_that_adds_an_earlier_value_back_is_refused()
    {
        InvalidDataException refused = Refused(Model(
            [Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "a1"),
             Node("Add", "residual", ["a1", "z1"], "r1"),
             Node("Gemm", "fc2", ["r1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")], Weights()));
        Assert.StartsWith("The ONNX model's node 2 \"residual\" (Add) cannot be mapped to a fully connected layer.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layers_whose_sizes_do_not_chain_are_refused()
    {
        InvalidDataException refused = Refused(Model(
            [Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "a1"),
             Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")],
            [Tensor("W1", [4, 2], s_w1), Tensor("b1", [4], s_b1), Tensor("W2", [1, 3], s_w2[..3]), Tensor("b2", [1], s_b2)]));
        Assert.Contains("its weights W2 of shape [1, 3] take 3 inputs, but the layer before it has 4 outputs", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_that_are_not_stored_in_the_model_are_named_in_a_sentence_that_agrees()
    {
        InvalidDataException refused = Refused(Model(
            [Node("Gemm", "fc1", ["input", "W1missing", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "output")], Weights()));
        Assert.StartsWith("The ONNX model's node 0 \"fc1\" (Gemm) cannot be mapped to a fully connected layer: its weights input (\"W1missing\") is not a constant stored in the model.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_of_one_are_singular()
    {
        InvalidDataException refused = Refused(Model(
            [Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "a1"),
             Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")],
            [Tensor("W1", [1, 2], s_w1[..2]), Tensor("b1", [1], s_b1[..1]), Tensor("W2", [1, 4], s_w2), Tensor("b2", [1], s_b2)]));
        Assert.Contains("its weights W2 of shape [1, 4] take 4 inputs, but the layer before it has 1 output.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_int64_constant_the_chain_never_uses_is_not_blamed()
    {
        // A Reshape's shape constant: the Reshape is refused for what it is, not the constant for its type.
        InvalidDataException refused = Refused(Model(
            [Node("Reshape", "reshape", ["input", "shape"], "r"), Node("Gemm", "fc1", ["r", "W1", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "output")],
            [Int64Tensor("shape", [-1, 2]), .. Weights()]));
        Assert.StartsWith("The ONNX model's node 0 \"reshape\" (Reshape) is an operator Unrolled does not import. Unrolled imports a chain of fully connected layers", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_int64_tensor_used_as_weights_is_refused_for_its_type()
    {
        InvalidDataException refused = Refused(Model(
            [Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "output")],
            [Int64Tensor("W1", [1, 2, 3, 4, 5, 6, 7, 8]), Tensor("b1", [4], s_b1)]));
        Assert.StartsWith("The tensor \"W1\" holds ONNX data type 7, and Unrolled imports float (1) or double (11) tensors", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void A_Flatten_over_axis_1_of_declared_2D_input_does_nothing_anywhere_in_the_chain(long axis)
    {
        var network = new XorNetwork();
        network.ImportOnnx(Model(
            [Node("Flatten", "flat0", ["input"], "f0", Int("axis", axis)), Node("Gemm", "fc1", ["f0", "W1", "b1"], "z1", Int("transB", 1)),
             Node("Flatten", "flat1", ["z1"], "f1"), Node("Sigmoid", "s1", ["f1"], "a1"), Node("Flatten", "flat2", ["a1"], "f2"),
             Node("Gemm", "fc2", ["f2", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")],
            Weights(), inputShape: ["N", "2"]));
        Assert.Equal([.. s_w1, .. s_b1, .. s_w2, .. s_b2], Infrastructure.NetworkParameters.Of(network));
    }

    [Fact]
    public void A_Flatten_of_input_whose_shape_is_not_declared_is_refused()
    {
        InvalidDataException refused = Refused(Model(
            [Node("Flatten", "flat", ["input"], "f"), Node("Gemm", "fc1", ["f", "W1", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "a1"),
             Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")], Weights()));
        Assert.StartsWith("The ONNX model's node 0 \"flat\" (Flatten) cannot be mapped to a fully connected layer: the model does not declare the shape of its input \"input\"", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Flatten_from_another_axis_is_refused()
    {
        InvalidDataException refused = Refused(Model(
            [Node("Flatten", "flat", ["input"], "f", Int("axis", 0)), Node("Gemm", "fc1", ["f", "W1", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "a1"),
             Node("Gemm", "fc2", ["a1", "W2", "b2"], "z2", Int("transB", 1)), Node("Sigmoid", "s2", ["z2"], "output")], Weights(), inputShape: ["N", "2"]));
        Assert.StartsWith("The ONNX model's node 0 \"flat\" (Flatten) cannot be mapped to a fully connected layer: it flattens from axis 0; Unrolled follows a Flatten over axis 1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_that_claims_one_byte_past_the_end_says_byte()
    {
        // Field 1, length-delimited (tag 0x0A), claiming 1 byte where none is left.
        InvalidDataException refused = Refused(new MemoryStream([0x0A, 0x01]));
        Assert.Equal("The ONNX file has a field of 1 byte at byte 2, past the end of its message at byte 2: it is truncated, corrupted or not an ONNX model.", refused.Message);
    }

    [Fact]
    public void A_tensor_with_one_number_for_a_larger_shape_says_number()
    {
        var b1 = new ProtobufWriter().Int64(1, 4).Int64(2, 1).String(8, "b1").Float(4, 0.5f);
        InvalidDataException refused = Refused(Model(
            [Node("Gemm", "fc1", ["input", "W1", "b1"], "z1", Int("transB", 1)), Node("Sigmoid", "s1", ["z1"], "output")],
            [Tensor("W1", [4, 2], s_w1), b1]));
        Assert.Equal("The tensor \"b1\" has 1 number for a shape of 4: the file is truncated or corrupted.", refused.Message);
    }

    [Fact]
    public void Exporting_one_parameter_for_many_says_was()
    {
        var description = new NetworkDescription([2, 4, 1], Activation.Sigmoid, Activation.Sigmoid, Loss.SquaredError, Optimizer.Sgd, Precision.Double);
        ArgumentException refused = Assert.Throws<ArgumentException>(() => OnnxExport.Write(new MemoryStream(), description, new double[1]));
        Assert.StartsWith("A 2-4-1 (Sigmoid hidden, Sigmoid output, SquaredError, Sgd, Double) network has 17 parameters; 1 was given.", refused.Message, StringComparison.Ordinal);
    }

    private static InvalidDataException Refused(MemoryStream model)
    {
        var network = new XorNetwork();
        network.Randomize(2);
        double[] before = Infrastructure.NetworkParameters.Of(network);
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => network.ImportOnnx(model));
        Assert.Equal(before, Infrastructure.NetworkParameters.Of(network));
        return refused;
    }

    private static ProtobufWriter[] Weights() =>
        [Tensor("W1", [4, 2], s_w1), Tensor("b1", [4], s_b1), Tensor("W2", [1, 4], s_w2), Tensor("b2", [1], s_b2)];

    private static double[] Transpose(double[] values, int rows, int columns) =>
        [.. Enumerable.Range(0, rows * columns).Select(k => values[((k % rows) * columns) + (k / rows)])];
}
