using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace Unrolled.Onnx;

/// <summary>
/// Recurrent networks, in the structure <c>torch.onnx.export</c> writes for <c>nn.GRU</c> or <c>nn.LSTM</c>
/// (<c>batch_first=True</c>) followed by <c>nn.Linear</c>: the input "input" [N, T, InputCount] is made
/// time-major (<c>Transpose</c>, perm [1, 0, 2]); each cell is one <c>GRU</c> node
/// (<c>linear_before_reset = 1</c>, PyTorch's cell) or <c>LSTM</c> node from a zero state, whose output
/// Y [T, 1, N, H] loses its direction axis (<c>Squeeze</c>, axes [1]) for the next; the last one's is made
/// batch-major again, and the output layer is <c>MatMul</c> (by W^T, [H, OutputCount]), <c>Add</c> (b)
/// and its activation, as the dense export writes it. The output "output" is [N, T, OutputCount]. The
/// gate blocks are written in ONNX's order (GRU z, r, h from PyTorch's r, z, n; LSTM i, o, f, c from i, f,
/// g, o), and each cell's B is [b_ih; b_hh].
/// </summary>
public static partial class OnnxExport
{
    private const int Int64Type = 7;
    private const int IntAttribute = 2;
    private const int IntsAttribute = 7;

    /// <summary>Writes a double recurrent network with these parameters, in its <c>CopyParametersTo</c> order.</summary>
    /// <param name="stream">Where to write the model; it is not closed.</param>
    /// <param name="cell">The cell every hidden layer is: <see cref="Cell.GRU"/> or <see cref="Cell.LSTM"/>.</param>
    /// <param name="layers">The input width, each cell's size, the output width, as <c>[Network(...)]</c> takes them.</param>
    /// <param name="output">The output layer's activation.</param>
    /// <param name="parameters">Every parameter: per cell W_ih, W_hh, b_ih, b_hh in PyTorch's gate order; then the output layer's W and b.</param>
    public static void Write(Stream stream, Cell cell, ReadOnlySpan<int> layers, Activation output, ReadOnlySpan<double> parameters) =>
        WriteRecurrent(stream, cell, layers.ToArray(), output, MemoryMarshal.AsBytes(parameters), sizeof(double), DoubleType);

    /// <summary>Writes a float recurrent network with these parameters, in its <c>CopyParametersTo</c> order.</summary>
    /// <param name="stream">Where to write the model; it is not closed.</param>
    /// <param name="cell">The cell every hidden layer is: <see cref="Cell.GRU"/> or <see cref="Cell.LSTM"/>.</param>
    /// <param name="layers">The input width, each cell's size, the output width, as <c>[Network(...)]</c> takes them.</param>
    /// <param name="output">The output layer's activation.</param>
    /// <param name="parameters">Every parameter: per cell W_ih, W_hh, b_ih, b_hh in PyTorch's gate order; then the output layer's W and b.</param>
    public static void Write(Stream stream, Cell cell, ReadOnlySpan<int> layers, Activation output, ReadOnlySpan<float> parameters) =>
        WriteRecurrent(stream, cell, layers.ToArray(), output, MemoryMarshal.AsBytes(parameters), sizeof(float), FloatType);

    private static void WriteRecurrent(Stream stream, Cell cell, int[] layers, Activation output, ReadOnlySpan<byte> parameters, int element, int dataType)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long count = OnnxRecurrentModel.ParameterCountOf(cell, layers, nameof(cell), nameof(layers));
        if (parameters.Length != count * element)
        {
            throw new ArgumentException($"A {string.Join("-", layers)} {cell} network has {count} parameters; {parameters.Length / element} {(parameters.Length / element == 1 ? "was" : "were")} given.", nameof(parameters));
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; exporting on a big-endian machine is not supported.");
        }

        int[] onnxFromTorch = OnnxRecurrentModel.OnnxFromTorch(cell);
        int gates = onnxFromTorch.Length;
        int outputLayer = layers.Length - 1;
        var nodes = new List<ProtobufWriter>();
        var initializers = new List<ProtobufWriter>
        {
            Tensor("direction_axis", [1], Int64Type, BitConverter.GetBytes(1L)),
        };
        nodes.Add(Node("Transpose", "time_major", ["input"], "sequence", Permutation()));
        string previous = "sequence";
        int offset = 0;
        for (int layer = 1; layer < outputLayer; layer++)
        {
            int inputs = layers[layer - 1], hidden = layers[layer], rows = gates * hidden;
            int inputWeights = rows * inputs * element, hiddenWeights = rows * hidden * element, biases = rows * element;
            string w = $"W{layer}", r = $"R{layer}", b = $"B{layer}", y = $"y{layer}", h = $"h{layer}";
            initializers.Add(Tensor(w, [1, rows, inputs], dataType, OnnxOrder(parameters.Slice(offset, inputWeights), onnxFromTorch)));
            initializers.Add(Tensor(r, [1, rows, hidden], dataType, OnnxOrder(parameters.Slice(offset + inputWeights, hiddenWeights), onnxFromTorch)));
            byte[] bias = new byte[2 * biases];
            OnnxOrder(parameters.Slice(offset + inputWeights + hiddenWeights, biases), onnxFromTorch).CopyTo(bias, 0);
            OnnxOrder(parameters.Slice(offset + inputWeights + hiddenWeights + biases, biases), onnxFromTorch).CopyTo(bias, biases);
            initializers.Add(Tensor(b, [1, 2 * rows], dataType, bias));
            offset += inputWeights + hiddenWeights + (2 * biases);

            ProtobufWriter node = Node(cell == Cell.GRU ? "GRU" : "LSTM", $"cell{layer}", [previous, w, r, b], y,
                new ProtobufWriter().String(1, "hidden_size").Int64(3, hidden).Int64(20, IntAttribute));
            if (cell == Cell.GRU)
            {
                // PyTorch's GRU: the reset gate multiplies W_hn h + b_hn, after the product.
                node.Message(5, new ProtobufWriter().String(1, "linear_before_reset").Int64(3, 1).Int64(20, IntAttribute));
            }

            nodes.Add(node);
            nodes.Add(Node("Squeeze", $"cell{layer}/squeeze", [y, "direction_axis"], h, null));
            previous = h;
        }

        int last = layers[outputLayer - 1], outputs = layers[outputLayer];
        nodes.Add(Node("Transpose", "batch_major", [previous], "states", Permutation()));
        initializers.Add(Tensor("W_out", [last, outputs], dataType, Transposed(parameters.Slice(offset, outputs * last * element), outputs, last, element)));
        initializers.Add(Tensor("b_out", [outputs], dataType, parameters.Slice(offset + (outputs * last * element), outputs * element)));
        nodes.Add(Node("MatMul", $"layer{outputLayer}", ["states", "W_out"], "product", null));
        string z = output == Activation.Linear ? "output" : $"z{outputLayer}";
        nodes.Add(Node("Add", $"layer{outputLayer}/bias", ["product", "b_out"], z, null));
        WriteActivation(output, outputLayer, $"{string.Join("-", layers)} {cell}", nameof(output), z, "output", dataType, nodes, initializers);

        var graph = new ProtobufWriter().String(2, "unrolled")
            .Messages(1, nodes)
            .Messages(5, initializers)
            .Message(11, SequenceValue("input", dataType, layers[0]))
            .Message(12, SequenceValue("output", dataType, outputs));
        WriteModel(stream, graph);
    }

    // perm [1, 0, 2]: [N, T, k] to [T, N, k] and back.
    private static ProtobufWriter Permutation() =>
        new ProtobufWriter().String(1, "perm").Int64(8, 1).Int64(8, 0).Int64(8, 2).Int64(20, IntsAttribute);

    // The gate blocks of a weight matrix or bias vector, from PyTorch's order to ONNX's.
    private static byte[] OnnxOrder(ReadOnlySpan<byte> torch, int[] onnxFromTorch)
    {
        int block = torch.Length / onnxFromTorch.Length;
        byte[] onnx = new byte[torch.Length];
        for (int k = 0; k < onnxFromTorch.Length; k++)
        {
            torch.Slice(onnxFromTorch[k] * block, block).CopyTo(onnx.AsSpan(k * block));
        }

        return onnx;
    }

    // W [rows, columns] row-major to W^T [columns, rows], element bytes at a time.
    private static byte[] Transposed(ReadOnlySpan<byte> matrix, int rows, int columns, int element)
    {
        byte[] transposed = new byte[matrix.Length];
        for (int j = 0; j < rows; j++)
        {
            for (int i = 0; i < columns; i++)
            {
                matrix.Slice(((j * columns) + i) * element, element).CopyTo(transposed.AsSpan(((i * rows) + j) * element));
            }
        }

        return transposed;
    }

    // A [N, T, width] tensor of dataType, N and T left free.
    private static ProtobufWriter SequenceValue(string name, int dataType, int width)
    {
        var shape = new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(2, "N"))
            .Message(1, new ProtobufWriter().String(2, "T"))
            .Message(1, new ProtobufWriter().Int64(1, width));
        var tensorType = new ProtobufWriter().Int64(1, dataType).Message(2, shape);
        return new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().Message(1, tensorType));
    }
}
