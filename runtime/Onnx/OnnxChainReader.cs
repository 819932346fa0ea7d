using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
#if UNROLLED_GENERATOR
using Unrolled.Generator.Model;
#endif

namespace Unrolled.Onnx;

/// <summary>
/// Walks an ONNX graph from its input to its output as a chain of fully connected layers, in the
/// forms real exporters write: <c>Gemm</c> (PyTorch's nn.Linear; transB 1 or 0, alpha = beta = 1),
/// or <c>MatMul</c> then <c>Add</c> (Keras exporters); each followed by its own activation:
/// <c>Sigmoid</c>, <c>Tanh</c>, <c>Relu</c>, <c>LeakyRelu</c>, <c>Softmax</c> over the last axis,
/// <c>Gelu</c> (exact), <c>Identity</c> or nothing (linear), or one written as several nodes (see
/// OnnxChainReader.Activations.cs): GELU and SiLU as PyTorch exports them, and <c>Mul</c> then
/// <c>Max</c>, the LeakyReLU that <c>OnnxExport</c> writes for double networks. <c>Identity</c> and <c>Constant</c> nodes
/// that only pass on a tensor are followed through, and so is <c>Flatten</c> over axis 1 when the
/// input is declared [N, features] (PyTorch's leading <c>nn.Flatten()</c>): on such data it does
/// nothing. The first node that does not fit is refused by its position, name and operator; an
/// operator Unrolled imports nowhere (Conv, Div, ...) is named as such. Every number the chain keeps
/// (weights, biases, a LeakyReLU slope) must be finite and of the first layer's number type.
/// </summary>
/// <remarks>Shared with the generator as a linked file: netstandard2.0 API only.</remarks>
internal static partial class OnnxChainReader
{
    private const string Supported =
        "Unrolled imports a chain of fully connected layers: Gemm, or MatMul then Add, each followed by Sigmoid, Tanh, Relu, LeakyRelu, Softmax, Gelu, Identity or nothing, "
        + "or by a GELU or SiLU as PyTorch exports them (Div, Erf, Add, Mul, Mul; Sigmoid, Mul)";

    // The operators this reader maps somewhere in a chain; any other is one Unrolled does not import.
    private static readonly HashSet<string> s_mapped = new(StringComparer.Ordinal)
    {
        "Gemm", "MatMul", "Add", "Mul", "Max", "Div", "Erf", "Sigmoid", "Tanh", "Relu", "LeakyRelu", "Softmax", "Gelu", "Identity", "Constant", "Flatten",
    };

    // Operators that only move numbers or compute shapes. A model that does not fit is named by the
    // first operator that computes something Unrolled cannot (a Conv), not by the Reshape before it.
    private static readonly HashSet<string> s_arranging = new(StringComparer.Ordinal)
    {
        "Reshape", "Transpose", "Shape", "Size", "Gather", "Unsqueeze", "Squeeze", "Concat", "Cast", "Slice", "Expand", "ConstantOfShape", "Split",
    };

    /// <summary>Reads a serialized ONNX model as a chain of layers.</summary>
    /// <exception cref="InvalidDataException">The file is not an ONNX model, or its graph is not such a chain.</exception>
    public static OnnxChain Read(byte[] model)
    {
        OnnxGraph graph = OnnxGraph.Read(model);
        string[] dataInputs = [.. graph.Inputs.Where(name => !graph.Initializers.ContainsKey(name))];
        if (dataInputs.Length != 1)
        {
            throw new InvalidDataException($"The ONNX graph has {Text(dataInputs.Length)} inputs besides its weights ({string.Join(", ", dataInputs)}); {Supported}, with one input.");
        }

        graph.InputShapes.TryGetValue(dataInputs[0], out IReadOnlyList<string>? inputShape);
        return ReadChain(graph, 0, dataInputs[0], inputShape);
    }

    // The chain of layers from node first on, reading current: the whole graph of a dense model, the
    // output layer after a recurrent model's cells. inputShape is current's declared shape, if known.
    private static OnnxChain ReadChain(OnnxGraph graph, int first, string current, IReadOnlyList<string>? inputShape)
    {
        string start = current;
        var layers = new List<OnnxLayer>();
        OnnxLayer? open = null;     // the layer whose activation may still follow
        bool awaitingBias = false;  // after MatMul: its Add may follow
        for (int index = first; index < graph.Nodes.Count; index++)
        {
            OnnxNode node = graph.Nodes[index];
            if (node.Domain is not ("" or "ai.onnx"))
            {
                throw Unsupported(node, $"its operator is from the domain \"{node.Domain}\"");
            }

            if (FoldsIntoWeights(node, graph))
            {
                continue;
            }

            if (node.Outputs.Count != 1)
            {
                throw Unsupported(node, $"it has {Text(node.Outputs.Count)} outputs");
            }

            // GELU, SiLU and a double LeakyReLU are written as several nodes that each read z.
            if (open is not null && ActivationOfNodes(graph, node, current, open) is { } spanned)
            {
                open.Activation = spanned.Activation;
                open.ActivationNode = spanned.Named;
                open.Slope = spanned.Slope;
                open = null;
                awaitingBias = false;
                index = spanned.Last.Index;
                current = spanned.Last.Outputs[0];
                continue;
            }

            string? data = node.Inputs.Count > 0 ? node.Inputs[0] : null;
            switch (node.OpType)
            {
                case "Gemm":
                case "MatMul":
                    Expect(node, data, current);
                    open = node.OpType == "Gemm" ? Gemm(node, graph, layers) : MatMul(node, graph, layers);
                    layers.Add(open);
                    awaitingBias = node.OpType == "MatMul";
                    break;
                case "Add" when open is not null && awaitingBias:
                    open.Biases = Bias(node, graph, current, open);
                    awaitingBias = false;
                    break;
                case "Sigmoid":
                case "Tanh":
                case "Relu":
                case "LeakyRelu":
                case "Softmax":
                case "Gelu":
                case "Identity":
                    if (open is null)
                    {
                        throw Unsupported(node, "no Gemm or MatMul comes before it");
                    }

                    Expect(node, data, current);
                    open.Activation = ActivationOf(node);
                    open.ActivationNode = node;
                    open.Slope = node.OpType == "LeakyRelu" ? LeakySlope(node) : 0;
                    open = null;
                    awaitingBias = false;
                    break;
                case "Flatten":
                    // On [N, features] data, Flatten over axis 1 gives [N, features] again. Every step
                    // the chain follows keeps data two-dimensional, so this holds anywhere in it.
                    Expect(node, data, current);
                    ExpectNoOpFlatten(node, start, inputShape);
                    break;
                default:
                    throw s_mapped.Contains(node.OpType) ? Unsupported(node, null) : NotImported(graph, node);
            }

            current = node.Outputs[0];
        }

        if (layers.Count == 0)
        {
            throw new InvalidDataException($"The ONNX graph has no Gemm or MatMul node; {Supported}.");
        }

        if (graph.Outputs.Count != 1 || graph.Outputs[0] != current)
        {
            throw new InvalidDataException($"The ONNX graph's outputs ({string.Join(", ", graph.Outputs)}) are not the end of its chain of layers (\"{current}\"); {Supported}, with one output.");
        }

        return new OnnxChain(layers, layers[0].IsDouble);
    }

    // Constant nodes, and the Identity nodes through which PyTorch copies some weights, hold
    // numbers rather than compute steps: their tensors join the initializers.
    private static bool FoldsIntoWeights(OnnxNode node, OnnxGraph graph)
    {
        if (node.Domain is not ("" or "ai.onnx") || node.Outputs.Count != 1)
        {
            return false;
        }

        if (node.OpType == "Constant" && node.Attributes.TryGetValue("value", out OnnxAttribute? value) && value.Tensor is { } constant)
        {
            graph.Initializers[node.Outputs[0]] = constant;
            return true;
        }

        if (node.OpType == "Identity" && node.Inputs.Count == 1 && graph.Initializers.TryGetValue(node.Inputs[0], out OnnxTensor? copied))
        {
            graph.Initializers[node.Outputs[0]] = copied;
            return true;
        }

        return false;
    }

    private static OnnxLayer Gemm(OnnxNode node, OnnxGraph graph, List<OnnxLayer> layers)
    {
        if (Attribute(node, "transA", 0) != 0)
        {
            throw Unsupported(node, "it transposes its input (transA = 1)");
        }

        foreach (string scale in new[] { "alpha", "beta" })
        {
            if (node.Attributes.TryGetValue(scale, out OnnxAttribute? attribute) && attribute.F is { } f && f != 1f)
            {
                throw Unsupported(node, $"it scales by {scale} = {f.ToString("R", CultureInfo.InvariantCulture)}, and Unrolled imports alpha = beta = 1 only");
            }
        }

        long transB = Attribute(node, "transB", 0);
        OnnxTensor b = Weight(node, graph, node.Inputs.Count > 1 ? node.Inputs[1] : null, "weights");
        OnnxLayer layer = Linear(node, b, transposed: transB != 0, layers);
        if (node.Inputs.Count > 2 && node.Inputs[2].Length > 0)
        {
            layer.Biases = BiasValues(node, Weight(node, graph, node.Inputs[2], "bias"), layer);
        }

        return layer;
    }

    private static OnnxLayer MatMul(OnnxNode node, OnnxGraph graph, List<OnnxLayer> layers) =>
        Linear(node, Weight(node, graph, node.Inputs.Count > 1 ? node.Inputs[1] : null, "weights"), transposed: false, layers);

    // transposed: the tensor is [out, in] (Gemm transB = 1, nn.Linear.weight); else [in, out].
    private static OnnxLayer Linear(OnnxNode node, OnnxTensor weights, bool transposed, List<OnnxLayer> layers)
    {
        if (weights.Dims.Length != 2 || weights.Dims[0] < 1 || weights.Dims[1] < 1)
        {
            throw Unsupported(node, $"its weights {weights.Name} have shape {weights.Shape}, not a matrix");
        }

        int inputs = (int)weights.Dims[transposed ? 1 : 0];
        int outputs = (int)weights.Dims[transposed ? 0 : 1];
        if (layers.Count > 0 && layers[layers.Count - 1].Outputs != inputs)
        {
            throw Unsupported(node, $"its weights {weights.Name} of shape {weights.Shape} take {Count(inputs, "input")}, but the layer before it has {Count(layers[layers.Count - 1].Outputs, "output")}");
        }

        if (layers.Count > 0 && weights.IsDouble != layers[0].IsDouble)
        {
            throw Unsupported(node, "its weights are not of the same number type as the first layer's");
        }

        double[] w = new double[(long)inputs * outputs];
        for (int j = 0; j < outputs; j++)
        {
            for (int i = 0; i < inputs; i++)
            {
                w[(j * inputs) + i] = transposed ? weights.Values[(j * inputs) + i] : weights.Values[(i * outputs) + j];
            }
        }

        return new OnnxLayer(node, inputs, outputs, w, new double[outputs]) { IsDouble = weights.IsDouble };
    }

    private static double[] Bias(OnnxNode node, OnnxGraph graph, string current, OnnxLayer layer)
    {
        if (node.Inputs.Count != 2 || !node.Inputs.Contains(current))
        {
            throw Unsupported(node, $"it does not add a bias to \"{current}\"");
        }

        return BiasValues(node, Weight(node, graph, node.Inputs[0] == current ? node.Inputs[1] : node.Inputs[0], "bias"), layer);
    }

    // [out] or [1, out], as exporters write a bias.
    private static double[] BiasValues(OnnxNode node, OnnxTensor bias, OnnxLayer layer)
    {
        bool fits = bias.Values.Length == layer.Outputs && (bias.Dims.Length == 1 || (bias.Dims.Length == 2 && bias.Dims[0] == 1));
        if (!fits)
        {
            throw Unsupported(node, $"its bias {bias.Name} has shape {bias.Shape}, not [{Text(layer.Outputs)}]");
        }

        SameNumberType(node, bias, "bias", layer);
        return (double[])bias.Values.Clone();
    }

    // A float64 bias beside float32 weights would be rounded on its way into a float network, and a
    // huge one (1e300) would become infinity there: one number type per layer, as ONNX requires.
    private static void SameNumberType(OnnxNode node, OnnxTensor tensor, string role, OnnxLayer layer)
    {
        if (tensor.IsDouble != layer.IsDouble)
        {
            throw Unsupported(node, $"its {role} {tensor.Name} holds {NumberType(tensor.IsDouble)} numbers and its weights {NumberType(layer.IsDouble)} ones; export the model in one precision (model.float() or model.double())");
        }
    }

    // role: "weights", "bias" or "slope", as in "its weights input".
    private static OnnxTensor Weight(OnnxNode node, OnnxGraph graph, string? name, string role)
    {
        if (name is null || !graph.Initializers.TryGetValue(name, out OnnxTensor? tensor))
        {
            throw Unsupported(node, $"its {role} input (\"{name}\") is not a constant stored in the model");
        }

        if (tensor.Unusable is { } why)
        {
            throw new InvalidDataException(why);
        }

        for (int index = 0; index < tensor.Values.Length; index++)
        {
            double value = tensor.Values[index];
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                throw new InvalidDataException(
                    $"The tensor \"{tensor.Name}\" (the {role} of the ONNX model's {node}) holds {NonFinite(value)} at index {Text(index)} of {Text(tensor.Values.Length)}, and a network's parameters must be finite numbers: "
                    + "the training that produced it diverged, or the file is corrupted. Export the model again once every parameter is finite (torch.isfinite(p).all() for each p in model.parameters()).");
            }
        }

        return tensor;
    }

    // LeakyRelu's alpha, 0.01 when absent (ONNX's default). A non-finite slope is refused here; a
    // finite one other than 1/128 is refused by OnnxChain.Mismatch, which can say it is not rounded.
    private static double LeakySlope(OnnxNode node)
    {
        float slope = node.Attributes.TryGetValue("alpha", out OnnxAttribute? alpha) && alpha.F is { } f ? f : 0.01f;
        if (float.IsNaN(slope) || float.IsInfinity(slope))
        {
            throw new InvalidDataException(
                $"The ONNX model's {node} has LeakyReLU slope (attribute alpha) {NonFinite(slope)}, not a finite number, and Unrolled's LeakyReLU has slope 1/128 = 0.0078125. Train and export with nn.LeakyReLU(0.0078125).");
        }

        return slope;
    }

    private static void ExpectNoOpFlatten(OnnxNode node, string input, IReadOnlyList<string>? inputShape)
    {
        long axis = Attribute(node, "axis", 1);
        if (axis is not (1 or -1))
        {
            throw Unsupported(node, $"it flattens from axis {Text(axis)}; Unrolled follows a Flatten over axis 1, which does nothing to [N, features] data");
        }

        if (inputShape is null)
        {
            throw Unsupported(node, $"the model does not declare the shape of its input \"{input}\", so this Flatten cannot be shown to do nothing; export with input_names and an example input of shape [1, features]");
        }

        if (inputShape.Count != 2)
        {
            string shape = "[" + string.Join(", ", inputShape) + "]";
            throw Unsupported(node, $"the input \"{input}\" has shape {shape}, and Unrolled's networks take [N, features]: export with an example input of shape [1, features] (torch.zeros(1, features)), on which Flatten does nothing");
        }
    }

    // The model holds an operator no chain of layers has. Name the first one from here on that
    // computes something (a Conv after the Reshape that feeds it), else this one.
    private static InvalidDataException NotImported(OnnxGraph graph, OnnxNode stop)
    {
        OnnxNode named = graph.Nodes.Skip(stop.Index).FirstOrDefault(n => !s_mapped.Contains(n.OpType) && !s_arranging.Contains(n.OpType)) ?? stop;
        if (named.OpType is "GRU" or "LSTM")
        {
            return new InvalidDataException($"The ONNX model's {named} is a recurrent layer, and this network's hidden layers are dense: import the model into a network declared with Cell = Cell.{named.OpType}, whose layers its cells and output layer fit.");
        }

        return new InvalidDataException($"The ONNX model's {named} is an operator Unrolled does not import. {Supported}.");
    }

    private static string NumberType(bool isDouble) => isDouble ? "float64" : "float32";

    private static string NonFinite(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";

    // The activation of a node that applies one by itself.
    private static Activation ActivationOf(OnnxNode node)
    {
        switch (node.OpType)
        {
            case "Sigmoid":
                return Activation.Sigmoid;
            case "Tanh":
                return Activation.Tanh;
            case "Relu":
                return Activation.ReLU;
            case "LeakyRelu":
                return Activation.LeakyReLU;
            case "Identity":
                return Activation.Linear;
            case "Gelu":
                return GeluOperator(node);
            case "Softmax":
                // Over the last axis: for [N, k] that is axis 1 or -1 (the default in every opset).
                long axis = Attribute(node, "axis", -1);
                if (axis is not (1 or -1))
                {
                    throw Unsupported(node, $"it normalizes over axis {Text(axis)}, and Unrolled's Softmax is over the outputs (axis 1 or -1)");
                }

                return Activation.Softmax;
            default:
                throw new InvalidOperationException($"{node} is not an activation the reader maps by itself.");
        }
    }

    private static long Attribute(OnnxNode node, string name, long fallback) =>
        node.Attributes.TryGetValue(name, out OnnxAttribute? attribute) && attribute.I is { } i ? i : fallback;

    private static void Expect(OnnxNode node, string? input, string current)
    {
        if (input != current)
        {
            throw Unsupported(node, $"it takes \"{input}\", not \"{current}\", the output of the step before it");
        }
    }

    private static InvalidDataException Unsupported(OnnxNode node, string? why) =>
        new($"The ONNX model's {node} cannot be mapped to a fully connected layer{(why is null ? string.Empty : ": " + why)}. {Supported}.");

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Count(long value, string noun) => Text(value) + " " + noun + (value == 1 ? string.Empty : "s");
}
