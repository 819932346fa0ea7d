using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
#if UNROLLED_GENERATOR
using Unrolled.Generator.Model;
#endif

namespace Unrolled.Onnx;

/// <summary>
/// Reads a recurrent model: what <c>torch.onnx.export</c> writes for <c>nn.GRU</c> or <c>nn.LSTM</c>
/// (<c>batch_first=True</c>, one or more layers) followed by an <c>nn.Linear</c> and its activation, and
/// what <c>OnnxExport</c> writes for a recurrent network. The sequence may first be made time-major
/// (<c>Transpose</c> with perm [1, 0, 2]); then each layer is a <c>GRU</c> (<c>linear_before_reset = 1</c>,
/// PyTorch's cell) or <c>LSTM</c> node, forward, from a zero state, with ONNX's default activations and
/// no peepholes, whose output Y is squeezed over its direction axis (<c>Squeeze</c>, axes [1]) for the
/// next; the sequence may be made batch-major again; then one dense layer as a dense model's chain reads
/// it (<c>MatMul</c>, <c>Add</c>, an activation). The nodes beside that path that compute the zero initial
/// state from the input's shape (<c>Shape</c>, <c>Gather</c>, <c>Unsqueeze</c>, <c>Concat</c>,
/// <c>ConstantOfShape</c>, <c>Slice</c>) are followed only to check that the state is zero. The gate
/// blocks are moved from ONNX's order (GRU z, r, h; LSTM i, o, f, c) to PyTorch's (r, z, n; i, f, g, o),
/// and ONNX's bias B = [Wb; Rb] is split into b_ih and b_hh.
/// </summary>
internal static partial class OnnxChainReader
{
    private const string SupportedRecurrent =
        "Unrolled imports a recurrent network as torch.onnx.export writes nn.GRU or nn.LSTM (batch_first=True) followed by nn.Linear: "
        + "GRU (linear_before_reset = 1) or LSTM nodes, forward, from a zero state, each followed by a Squeeze of the direction axis, then MatMul, Add and the output activation";

    // The operators that compute the zero initial state beside the sequence (from its shape), or pass it on.
    private static readonly HashSet<string> s_stateArranging = new(StringComparer.Ordinal)
    {
        "Shape", "Gather", "Unsqueeze", "Concat", "ConstantOfShape", "Slice", "Squeeze", "Reshape", "Expand", "Cast", "Identity",
    };

    /// <summary>Reads a serialized ONNX model as recurrent cells followed by one dense output layer.</summary>
    /// <exception cref="InvalidDataException">The file is not an ONNX model, or its graph is not such a network.</exception>
    public static OnnxRecurrentModel ReadRecurrent(byte[] model)
    {
        OnnxGraph graph = OnnxGraph.Read(model);
        string[] dataInputs = [.. graph.Inputs.Where(name => !graph.Initializers.ContainsKey(name))];
        if (dataInputs.Length != 1)
        {
            throw new InvalidDataException($"The ONNX graph has {Text(dataInputs.Length)} inputs besides its weights ({string.Join(", ", dataInputs)}); {SupportedRecurrent}, with one input.");
        }

        if (!graph.Nodes.Any(node => node.OpType is "GRU" or "LSTM"))
        {
            throw NoCells(model);
        }

        var producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
        var cells = new List<OnnxCell>();
        Cell kind = Cell.None;
        string current = dataInputs[0];
        bool squeezed = true;       // a cell's Y has lost its direction axis: another cell or the output may follow
        bool timeMajor = false;     // the leading Transpose has been read
        int index = 0;
        for (; index < graph.Nodes.Count; index++)
        {
            OnnxNode node = graph.Nodes[index];
            if (node.Domain is not ("" or "ai.onnx"))
            {
                throw UnsupportedRecurrent(node, $"its operator is from the domain \"{node.Domain}\"");
            }

            if (FoldsIntoWeights(node, graph))
            {
                continue;
            }

            foreach (string produced in node.Outputs)
            {
                producers[produced] = node;
            }

            bool onPath = node.Inputs.Count > 0 && node.Inputs[0] == current;
            if (!onPath || node.OpType == "Shape")
            {
                // Beside the sequence: the initial state and the shapes it is made from.
                if (!s_stateArranging.Contains(node.OpType) || (node.OpType != "Shape" && node.Inputs.Contains(current)))
                {
                    throw UnsupportedRecurrent(node, $"it does not follow the sequence \"{current}\" step by step");
                }

                continue;
            }

            if (node.OpType == "Transpose" && squeezed && !(cells.Count == 0 && timeMajor))
            {
                ExpectSwapOfTimeAndBatch(node);
                current = node.Outputs[0];
                if (cells.Count > 0)
                {
                    index++;
                    break;
                }

                timeMajor = true;
                continue;
            }

            if (node.OpType is "GRU" or "LSTM" && squeezed)
            {
                Cell cell = node.OpType == "GRU" ? Cell.GRU : Cell.LSTM;
                if (kind != Cell.None && cell != kind)
                {
                    throw UnsupportedRecurrent(node, $"it follows {kind} cells, and a network's cells are all of one kind");
                }

                kind = cell;
                cells.Add(ReadCell(node, cell, graph, producers, cells));
                current = node.Outputs[0];
                squeezed = false;
                continue;
            }

            if (node.OpType == "Squeeze" && !squeezed)
            {
                ExpectDirectionSqueeze(node, graph);
                current = node.Outputs[0];
                squeezed = true;
                continue;
            }

            if (cells.Count > 0 && squeezed)
            {
                break;  // the output layer begins
            }

            throw UnsupportedRecurrent(node, squeezed ? "no GRU or LSTM node comes before it" : $"the {kind} output \"{current}\" must first lose its direction axis (Squeeze, axes [1])");
        }

        if (cells.Count == 0 || !squeezed)
        {
            throw new InvalidDataException($"The ONNX graph ends before its recurrent cells are followed by an output layer; {SupportedRecurrent}.");
        }

        OnnxChain tail = ReadChain(graph, index, current, null);
        if (tail.Layers.Count != 1)
        {
            throw new InvalidDataException($"The ONNX model has {Text(tail.Layers.Count)} dense layers after its {kind} cells, and a recurrent network has one, its output layer: {SupportedRecurrent}.");
        }

        OnnxLayer output = tail.Layers[0];
        OnnxCell last = cells[cells.Count - 1];
        if (output.Inputs != last.Hidden)
        {
            throw UnsupportedRecurrent(output.Node, $"its weights take {Count(output.Inputs, "input")}, but the {kind} cell before it has {Count(last.Hidden, "unit")}");
        }

        if (output.IsDouble != cells[0].IsDouble)
        {
            throw UnsupportedRecurrent(output.Node, "its weights are not of the same number type as the cells'");
        }

        return new OnnxRecurrentModel(kind, cells, output);
    }

    // A model with no recurrent node: say what it holds when it is a dense chain.
    private static InvalidDataException NoCells(byte[] model)
    {
        OnnxChain chain;
        try
        {
            chain = Read(model);
        }
        catch (InvalidDataException)
        {
            return new InvalidDataException($"The ONNX graph has no GRU or LSTM node; {SupportedRecurrent}.");
        }

        return new InvalidDataException($"The ONNX model holds a {chain} network of dense layers, with no GRU or LSTM node, and this network is recurrent: import the model into a network declared without Cell, or export the recurrent model.");
    }

    private static OnnxCell ReadCell(OnnxNode node, Cell cell, OnnxGraph graph, Dictionary<string, OnnxNode> producers, List<OnnxCell> cells)
    {
        int gates = cell == Cell.GRU ? 3 : 4;
        string[] names = cell == Cell.GRU
            ? ["X", "W", "R", "B", "sequence_lens", "initial_h"]
            : ["X", "W", "R", "B", "sequence_lens", "initial_h", "initial_c", "P"];
        if (node.Inputs.Count > names.Length)
        {
            throw UnsupportedRecurrent(node, $"it has {Text(node.Inputs.Count)} inputs, and a {node.OpType} node has at most {Text(names.Length)}");
        }

        string Input(int i) => node.Inputs.Count > i ? node.Inputs[i] : string.Empty;
        ExpectCellAttributes(node, cell);
        if (Input(4).Length > 0)
        {
            throw UnsupportedRecurrent(node, "it takes sequence_lens, and Unrolled runs every sequence to its end");
        }

        if (cell == Cell.LSTM && Input(7).Length > 0)
        {
            throw UnsupportedRecurrent(node, "it has peephole weights (input P), and nn.LSTM has none");
        }

        for (int i = 5; i < Math.Min(node.Inputs.Count, 7); i++)
        {
            if (Input(i).Length > 0 && !IsZero(Input(i), graph, producers))
            {
                throw UnsupportedRecurrent(node, $"its {names[i]} (\"{Input(i)}\") is not a zero state, and Unrolled starts every sequence from zero (ResetState)");
            }
        }

        OnnxTensor w = Weight(node, graph, Input(1).Length > 0 ? Input(1) : null, "weights");
        OnnxTensor r = Weight(node, graph, Input(2).Length > 0 ? Input(2) : null, "recurrent weights");
        if (r.Dims.Length != 3 || r.Dims[0] != 1 || r.Dims[2] < 1 || r.Dims[1] != gates * r.Dims[2])
        {
            throw UnsupportedRecurrent(node, $"its recurrent weights {r.Name} have shape {r.Shape}, not [1, {Text(gates)} x hidden, hidden]");
        }

        int hidden = (int)r.Dims[2];
        if (node.Attributes.TryGetValue("hidden_size", out OnnxAttribute? size) && size.I is { } declared && declared != hidden)
        {
            throw UnsupportedRecurrent(node, $"its hidden_size {Text(declared)} is not the {Text(hidden)} of its recurrent weights {r.Name} {r.Shape}");
        }

        if (w.Dims.Length != 3 || w.Dims[0] != 1 || w.Dims[1] != gates * hidden || w.Dims[2] < 1)
        {
            throw UnsupportedRecurrent(node, $"its weights {w.Name} have shape {w.Shape}, not [1, {Text(gates * hidden)}, inputs]");
        }

        int inputs = (int)w.Dims[2];
        if (cells.Count > 0 && cells[cells.Count - 1].Hidden != inputs)
        {
            throw UnsupportedRecurrent(node, $"its weights {w.Name} of shape {w.Shape} take {Count(inputs, "input")}, but the cell before it has {Count(cells[cells.Count - 1].Hidden, "unit")}");
        }

        bool isDouble = w.IsDouble;
        if (r.IsDouble != isDouble || (cells.Count > 0 && cells[0].IsDouble != isDouble))
        {
            throw UnsupportedRecurrent(node, "its weights are not all of one number type; export the model in one precision (model.float() or model.double())");
        }

        double[] biases = new double[2 * gates * hidden];
        if (Input(3).Length > 0)
        {
            OnnxTensor b = Weight(node, graph, Input(3), "bias");
            if (b.Values.Length != biases.Length || b.Dims.Length != 2 || b.Dims[0] != 1)
            {
                throw UnsupportedRecurrent(node, $"its bias {b.Name} has shape {b.Shape}, not [1, {Text(biases.Length)}]");
            }

            if (b.IsDouble != isDouble)
            {
                throw UnsupportedRecurrent(node, $"its bias {b.Name} holds {NumberType(b.IsDouble)} numbers and its weights {NumberType(isDouble)} ones; export the model in one precision (model.float() or model.double())");
            }

            biases = b.Values;
        }

        int[] onnxFromTorch = OnnxRecurrentModel.OnnxFromTorch(cell);
        return new OnnxCell(
            node,
            inputs,
            hidden,
            TorchOrder(w.Values, 0, onnxFromTorch, hidden * inputs),
            TorchOrder(r.Values, 0, onnxFromTorch, hidden * hidden),
            TorchOrder(biases, 0, onnxFromTorch, hidden),
            TorchOrder(biases, gates * hidden, onnxFromTorch, hidden))
        {
            IsDouble = isDouble,
        };
    }

    // The gate blocks of block numbers each, from ONNX's order (starting at offset) to PyTorch's.
    private static double[] TorchOrder(double[] onnx, int offset, int[] onnxFromTorch, int block)
    {
        var torch = new double[onnxFromTorch.Length * block];
        for (int k = 0; k < onnxFromTorch.Length; k++)
        {
            Array.Copy(onnx, offset + (k * block), torch, onnxFromTorch[k] * block, block);
        }

        return torch;
    }

    // ONNX's defaults are PyTorch's cell: forward, sigmoid gates and tanh candidates, no clipping;
    // a GRU applies its reset gate after the hidden product (linear_before_reset = 1).
    private static void ExpectCellAttributes(OnnxNode node, Cell cell)
    {
        if (node.Attributes.TryGetValue("direction", out OnnxAttribute? direction) && direction.S is { } way && way != "forward")
        {
            throw UnsupportedRecurrent(node, $"it runs {way}, and Unrolled's cells read the sequence forward (nn.GRU/nn.LSTM with bidirectional=False)");
        }

        if (cell == Cell.GRU && Attribute(node, "linear_before_reset", 0) != 1)
        {
            throw UnsupportedRecurrent(node, "it has linear_before_reset = 0, a GRU that resets before its hidden product, and Unrolled's GRU is PyTorch's, n = tanh(W_in x + b_in + r * (W_hn h + b_hn)): linear_before_reset = 1");
        }

        if (Attribute(node, "layout", 0) != 0)
        {
            throw UnsupportedRecurrent(node, "it takes its sequence batch-major (layout = 1); export with torch.onnx.export, which writes layout 0");
        }

        if (cell == Cell.LSTM && Attribute(node, "input_forget", 0) != 0)
        {
            throw UnsupportedRecurrent(node, "it couples its input and forget gates (input_forget = 1), and nn.LSTM does not");
        }

        if (node.Attributes.ContainsKey("clip"))
        {
            throw UnsupportedRecurrent(node, "it clips its gate sums (attribute clip), and Unrolled's cells do not");
        }

        string[] defaults = cell == Cell.GRU ? ["Sigmoid", "Tanh"] : ["Sigmoid", "Tanh", "Tanh"];
        if (node.Attributes.TryGetValue("activations", out OnnxAttribute? activations)
            && (activations.Strings is not { } named || !named.SequenceEqual(defaults, StringComparer.OrdinalIgnoreCase)))
        {
            throw UnsupportedRecurrent(node, $"it sets activations other than ONNX's default {string.Join(", ", defaults)}, which are PyTorch's");
        }

        foreach (string scale in new[] { "activation_alpha", "activation_beta" })
        {
            if (node.Attributes.ContainsKey(scale))
            {
                throw UnsupportedRecurrent(node, $"it sets {scale}, and Unrolled's cells use plain sigmoid and tanh");
            }
        }
    }

    // Y [time, direction, batch, hidden] to [time, batch, hidden]: axes [1], as an input (opset 13
    // and later) or an attribute (before).
    private static void ExpectDirectionSqueeze(OnnxNode node, OnnxGraph graph)
    {
        IReadOnlyList<long>? axes = node.Attributes.TryGetValue("axes", out OnnxAttribute? attribute) ? attribute.Ints : null;
        if (node.Inputs.Count > 1 && graph.Initializers.TryGetValue(node.Inputs[1], out OnnxTensor? tensor))
        {
            axes = tensor.Integers;
        }

        if (axes is not { Count: 1 } || axes[0] is not (1 or -3))
        {
            throw UnsupportedRecurrent(node, "it does not squeeze the direction axis (axes [1]) of the cell's output");
        }
    }

    // [batch, time, features] to [time, batch, features] or back.
    private static void ExpectSwapOfTimeAndBatch(OnnxNode node)
    {
        if (!node.Attributes.TryGetValue("perm", out OnnxAttribute? perm) || perm.Ints is not { } order || !order.SequenceEqual(new long[] { 1, 0, 2 }))
        {
            throw UnsupportedRecurrent(node, "it does not swap the batch and time axes (perm [1, 0, 2])");
        }
    }

    // True when the tensor is zeros: a constant of zeros, a ConstantOfShape of zero, or a slice or
    // reshaping of one.
    private static bool IsZero(string name, OnnxGraph graph, Dictionary<string, OnnxNode> producers)
    {
        if (graph.Initializers.TryGetValue(name, out OnnxTensor? tensor))
        {
            return tensor.Unusable is null && tensor.Values.All(value => value == 0);
        }

        if (!producers.TryGetValue(name, out OnnxNode? node))
        {
            return false;
        }

        switch (node.OpType)
        {
            case "ConstantOfShape":
                return !node.Attributes.TryGetValue("value", out OnnxAttribute? value) || value.Tensor is not { } filler
                    || (filler.Unusable is null ? filler.Values.All(v => v == 0) : filler.Integers.All(v => v == 0));
            case "Slice":
            case "Squeeze":
            case "Unsqueeze":
            case "Reshape":
            case "Expand":
            case "Identity":
            case "Cast":
                return node.Inputs.Count > 0 && IsZero(node.Inputs[0], graph, producers);
            default:
                return false;
        }
    }

    private static InvalidDataException UnsupportedRecurrent(OnnxNode node, string why) =>
        new($"The ONNX model's {node} cannot be mapped to a recurrent network: {why}. {SupportedRecurrent}.");
}
