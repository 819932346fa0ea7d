using Unrolled.Onnx;
using Unrolled.Tests.Numerics;

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

    private static MemoryStream Model(ProtobufWriter[] nodes, ProtobufWriter[] initializers)
    {
        var graph = new ProtobufWriter().Messages(1, nodes).Messages(5, initializers)
            .Message(11, new ProtobufWriter().String(1, "input"))
            .Message(12, new ProtobufWriter().String(1, "output"));
        return new MemoryStream(new ProtobufWriter().Int64(1, 8).Message(7, graph).Message(8, new ProtobufWriter().String(1, string.Empty).Int64(2, 13)).ToArray());
    }

    private static ProtobufWriter Node(string op, string name, string[] inputs, string output, params ProtobufWriter[] attributes)
    {
        var node = new ProtobufWriter();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }

        return node.String(2, output).String(3, name).String(4, op).Messages(5, attributes);
    }

    private static ProtobufWriter Int(string name, long value) => new ProtobufWriter().String(1, name).Int64(3, value).Int64(20, 2);

    private static ProtobufWriter Float(string name, float value) => new ProtobufWriter().String(1, name).Float(2, value).Int64(20, 1);

    private static ProtobufWriter Tensor(string name, long[] dims, double[] values)
    {
        var tensor = new ProtobufWriter();
        foreach (long dim in dims)
        {
            tensor.Int64(1, dim);
        }

        return tensor.Int64(2, 11).String(8, name).Bytes(9, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }
}
