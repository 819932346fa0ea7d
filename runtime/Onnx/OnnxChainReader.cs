using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Unrolled.Onnx;

/// <summary>
/// Walks an ONNX graph from its input to its output as a chain of fully connected layers, in the
/// forms real exporters write: <c>Gemm</c> (PyTorch's nn.Linear; transB 1 or 0, alpha = beta = 1),
/// or <c>MatMul</c> then <c>Add</c> (Keras exporters); each followed by <c>Sigmoid</c>,
/// <c>Tanh</c>, <c>Relu</c>, <c>LeakyRelu</c>, <c>Softmax</c> over the last axis, <c>Identity</c>
/// or nothing (linear), or by <c>Mul</c> then <c>Max</c>, the LeakyReLU that
/// <c>OnnxExport</c> writes for double networks. <c>Identity</c> and <c>Constant</c> nodes
/// that only pass on a tensor are followed through. The first node that does not fit is refused by
/// its position, name and operator.
/// </summary>
/// <remarks>Shared with the generator as a linked file: netstandard2.0 API only.</remarks>
internal static class OnnxChainReader
{
    private const string Supported =
        "Unrolled imports a chain of fully connected layers: Gemm, or MatMul then Add, each followed by Sigmoid, Tanh, Relu, LeakyRelu, Softmax, Identity or nothing";

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

        var layers = new List<OnnxLayer>();
        string current = dataInputs[0];
        OnnxLayer? open = null;     // the layer whose activation may still follow
        bool awaitingBias = false;  // after MatMul: its Add may follow
        OnnxNode? leakyMul = null;  // after Mul(z, slope): its Max may follow
        foreach (OnnxNode node in graph.Nodes)
        {
            if (node.Domain is not ("" or "ai.onnx"))
            {
                throw Unsupported(node, $"its operator is from the domain \"{node.Domain}\"");
            }

            if (node.OpType == "Constant" && node.Outputs.Count == 1 && node.Attributes.TryGetValue("value", out OnnxAttribute? value) && value.Tensor is { } constant)
            {
                graph.Initializers[node.Outputs[0]] = constant;
                continue;
            }

            // PyTorch copies some weights through Identity nodes; those are weights, not steps.
            if (node.OpType == "Identity" && node.Inputs.Count == 1 && node.Outputs.Count == 1 && graph.Initializers.TryGetValue(node.Inputs[0], out OnnxTensor? copied))
            {
                graph.Initializers[node.Outputs[0]] = copied;
                continue;
            }

            if (node.Outputs.Count != 1)
            {
                throw Unsupported(node, $"it has {Text(node.Outputs.Count)} outputs");
            }

            if (leakyMul is not null)
            {
                if (node.OpType != "Max" || node.Inputs.Count != 2 || !node.Inputs.Contains(current) || !node.Inputs.Contains(leakyMul.Outputs[0]))
                {
                    throw Unsupported(leakyMul, "it is not followed by Max(z, z * slope), the LeakyReLU Unrolled exports for double networks");
                }

                open!.Activation = OnnxActivation.LeakyReLU;
                open.ActivationNode = node;
                open = null;
                leakyMul = null;
                current = node.Outputs[0];
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
                    open.Biases = Bias(node, graph, current, open.Outputs);
                    awaitingBias = false;
                    break;
                case "Mul" when open is not null:
                    Expect(node, node.Inputs.Contains(current) ? current : data, current);
                    OnnxTensor slope = Weight(node, graph, node.Inputs.FirstOrDefault(i => i != current), "the slope");
                    if (slope.Values.Length != 1)
                    {
                        throw Unsupported(node, $"it multiplies by a tensor of shape {slope.Shape}, not by one slope");
                    }

                    open.Slope = slope.Values[0];
                    leakyMul = node;
                    awaitingBias = false;
                    break;
                case "Sigmoid":
                case "Tanh":
                case "Relu":
                case "LeakyRelu":
                case "Softmax":
                case "Identity":
                    if (open is null)
                    {
                        throw Unsupported(node, "no Gemm or MatMul comes before it");
                    }

                    Expect(node, data, current);
                    open.Activation = Activation(node);
                    open.ActivationNode = node;
                    open.Slope = node.OpType == "LeakyRelu" ? (node.Attributes.TryGetValue("alpha", out OnnxAttribute? alpha) && alpha.F is { } f ? f : 0.01f) : 0;
                    open = null;
                    awaitingBias = false;
                    break;
                default:
                    throw Unsupported(node, null);
            }

            current = node.Outputs[0];
        }

        if (leakyMul is not null)
        {
            throw Unsupported(leakyMul, "it is not followed by Max(z, z * slope), the LeakyReLU Unrolled exports for double networks");
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
        OnnxTensor b = Weight(node, graph, node.Inputs.Count > 1 ? node.Inputs[1] : null, "the weights");
        OnnxLayer layer = Linear(node, b, transposed: transB != 0, layers);
        if (node.Inputs.Count > 2 && node.Inputs[2].Length > 0)
        {
            layer.Biases = BiasValues(node, Weight(node, graph, node.Inputs[2], "the bias"), layer.Outputs);
        }

        return layer;
    }

    private static OnnxLayer MatMul(OnnxNode node, OnnxGraph graph, List<OnnxLayer> layers) =>
        Linear(node, Weight(node, graph, node.Inputs.Count > 1 ? node.Inputs[1] : null, "the weights"), transposed: false, layers);

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
            throw Unsupported(node, $"its weights {weights.Name} of shape {weights.Shape} take {Text(inputs)} inputs, but the layer before it has {Text(layers[layers.Count - 1].Outputs)} outputs");
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

    private static double[] Bias(OnnxNode node, OnnxGraph graph, string current, int outputs)
    {
        if (node.Inputs.Count != 2 || !node.Inputs.Contains(current))
        {
            throw Unsupported(node, $"it does not add a bias to \"{current}\"");
        }

        return BiasValues(node, Weight(node, graph, node.Inputs[0] == current ? node.Inputs[1] : node.Inputs[0], "the bias"), outputs);
    }

    // [out] or [1, out], as exporters write a bias.
    private static double[] BiasValues(OnnxNode node, OnnxTensor bias, int outputs)
    {
        bool fits = bias.Values.Length == outputs && (bias.Dims.Length == 1 || (bias.Dims.Length == 2 && bias.Dims[0] == 1));
        if (!fits)
        {
            throw Unsupported(node, $"its bias {bias.Name} has shape {bias.Shape}, not [{Text(outputs)}]");
        }

        return (double[])bias.Values.Clone();
    }

    private static OnnxTensor Weight(OnnxNode node, OnnxGraph graph, string? name, string what)
    {
        if (name is null || !graph.Initializers.TryGetValue(name, out OnnxTensor? tensor))
        {
            throw Unsupported(node, $"{what} (\"{name}\") is not a constant stored in the model");
        }

        return tensor;
    }

    private static OnnxActivation Activation(OnnxNode node)
    {
        switch (node.OpType)
        {
            case "Sigmoid":
                return OnnxActivation.Sigmoid;
            case "Tanh":
                return OnnxActivation.Tanh;
            case "Relu":
                return OnnxActivation.ReLU;
            case "LeakyRelu":
                return OnnxActivation.LeakyReLU;
            case "Identity":
                return OnnxActivation.Linear;
            default:
                // Softmax over the last axis: for [N, k] that is axis 1 or -1 (the default in every opset).
                long axis = Attribute(node, "axis", -1);
                if (axis is not (1 or -1))
                {
                    throw Unsupported(node, $"it normalizes over axis {Text(axis)}, and Unrolled's Softmax is over the outputs (axis 1 or -1)");
                }

                return OnnxActivation.Softmax;
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
}
