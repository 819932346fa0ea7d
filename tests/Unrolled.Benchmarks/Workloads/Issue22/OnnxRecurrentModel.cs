using System.Runtime.InteropServices;
using System.Text;

namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>
/// A one-time-step ONNX model (IR 8, opset 14) of a GRU or LSTM layer and its dense output, for the
/// ONNX Runtime row: inputs x [1, 1, In] (seq, batch, features), h0 [1, 1, H] (and c0 for LSTM);
/// outputs y [1, 1, Out], h1 (and c1), so the caller feeds the state back. The GRU node has
/// linear_before_reset = 1, which is PyTorch's cell; the output is MatMul(h1, W^T) + b. ONNX orders
/// GRU gates z, r, h and LSTM gates i, o, f, c; torch orders them r, z, n and i, f, g, o, so the
/// gate blocks of every weight and bias are moved over. The protocol buffers are written by hand.
/// </summary>
public static class OnnxRecurrentModel
{
    private const int FloatType = 1;
    private const int IntAttribute = 2;

    public static byte[] Build(RecurrentShape shape, float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parameters);
        int h = shape.Hidden;
        int[] onnxFromTorchGate = shape.Cell switch
        {
            // ONNX gate k is torch gate onnxFromTorchGate[k].
            RecurrentCell.Gru => [1, 0, 2],
            RecurrentCell.Lstm => [0, 3, 1, 2],
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape.Cell, "Only GRU and LSTM cells exist."),
        };

        float[] w = Reordered(parameters.AsSpan(shape.WeightIhOffset, shape.GateRows * shape.Inputs), onnxFromTorchGate, h * shape.Inputs);
        float[] r = Reordered(parameters.AsSpan(shape.WeightHhOffset, shape.GateRows * h), onnxFromTorchGate, h * h);
        float[] b = [.. Reordered(parameters.AsSpan(shape.BiasIhOffset, shape.GateRows), onnxFromTorchGate, h),
            .. Reordered(parameters.AsSpan(shape.BiasHhOffset, shape.GateRows), onnxFromTorchGate, h)];
        var denseTransposed = new float[h * shape.Outputs];
        for (int k = 0; k < shape.Outputs; k++)
        {
            for (int j = 0; j < h; j++)
            {
                denseTransposed[(j * shape.Outputs) + k] = parameters[shape.DenseWeightOffset + (k * h) + j];
            }
        }

        bool lstm = shape.Cell == RecurrentCell.Lstm;
        string op = lstm ? "LSTM" : "GRU";
        var cellAttributes = new List<Proto> { IntAttributeOf("hidden_size", h) };
        if (!lstm)
        {
            cellAttributes.Add(IntAttributeOf("linear_before_reset", 1));
        }

        string[] cellInputs = lstm ? ["x", "W", "R", "B", "", "h0", "c0"] : ["x", "W", "R", "B", "", "h0"];
        string[] cellOutputs = lstm ? ["", "h1", "c1"] : ["", "h1"];
        var graph = new Proto()
            .Message(1, Node(op, "cell", cellInputs, cellOutputs, cellAttributes))
            .Message(1, Node("MatMul", "dense", ["h1", "Wd"], ["m"], []))
            .Message(1, Node("Add", "bias", ["m", "bd"], ["y"], []))
            .String(2, "issue22_" + op.ToLowerInvariant())
            .Message(5, Tensor("W", [1, shape.GateRows, shape.Inputs], w))
            .Message(5, Tensor("R", [1, shape.GateRows, h], r))
            .Message(5, Tensor("B", [1, 2 * shape.GateRows], b))
            .Message(5, Tensor("Wd", [h, shape.Outputs], denseTransposed))
            .Message(5, Tensor("bd", [shape.Outputs], parameters.AsSpan(shape.DenseBiasOffset, shape.Outputs).ToArray()))
            .Message(11, Value("x", [1, 1, shape.Inputs]))
            .Message(11, Value("h0", [1, 1, h]));
        if (lstm)
        {
            graph.Message(11, Value("c0", [1, 1, h]));
        }

        graph.Message(12, Value("y", [1, 1, shape.Outputs])).Message(12, Value("h1", [1, 1, h]));
        if (lstm)
        {
            graph.Message(12, Value("c1", [1, 1, h]));
        }

        return new Proto()
            .Int64(1, 8)
            .String(2, "Unrolled.Benchmarks")
            .Message(7, graph)
            .Message(8, new Proto().String(1, "").Int64(2, 14))
            .ToArray();
    }

    // Gate blocks of blockLength values, written in ONNX's order.
    private static float[] Reordered(ReadOnlySpan<float> torch, int[] onnxFromTorchGate, int blockLength)
    {
        var onnx = new float[torch.Length];
        for (int gate = 0; gate < onnxFromTorchGate.Length; gate++)
        {
            torch.Slice(onnxFromTorchGate[gate] * blockLength, blockLength).CopyTo(onnx.AsSpan(gate * blockLength));
        }

        return onnx;
    }

    private static Proto Node(string op, string name, string[] inputs, string[] outputs, List<Proto> attributes)
    {
        var node = new Proto();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }

        foreach (string output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, name).String(4, op);
        foreach (Proto attribute in attributes)
        {
            node.Message(5, attribute);
        }

        return node;
    }

    private static Proto IntAttributeOf(string name, long value) => new Proto().String(1, name).Int64(3, value).Int64(20, IntAttribute);

    private static Proto Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new Proto();
        foreach (long dim in dims)
        {
            tensor.Int64(1, dim);
        }

        return tensor.Int64(2, FloatType).String(8, name).Bytes(9, MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static Proto Value(string name, long[] dims)
    {
        var shape = new Proto();
        foreach (long dim in dims)
        {
            shape.Message(1, new Proto().Int64(1, dim));
        }

        var tensorType = new Proto().Int64(1, FloatType).Message(2, shape);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensorType));
    }

    /// <summary>The few protocol-buffer field kinds an ONNX model needs: varints and length-delimited.</summary>
    private sealed class Proto
    {
        private readonly List<byte> _bytes = [];

        public Proto Int64(int field, long value)
        {
            Varint((ulong)(field << 3));
            Varint((ulong)value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

        public Proto Bytes(int field, ReadOnlySpan<byte> value)
        {
            Varint((ulong)((field << 3) | 2));
            Varint((ulong)value.Length);
            _bytes.AddRange(value);
            return this;
        }

        public byte[] ToArray() => [.. _bytes];

        private void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.Add((byte)(value | 0x80));
                value >>= 7;
            }

            _bytes.Add((byte)value);
        }
    }
}
