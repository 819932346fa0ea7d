using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Unrolled.Onnx;

/// <summary>
/// Writes a network as a standard ONNX model (IR version 8, opset 13): per layer a Gemm node
/// (<c>z = x W^T + b</c>, with W in the documented row-major order and transB = 1), then that
/// layer's own activation (Sigmoid, Tanh, Relu, LeakyRelu with alpha 1/128, Softmax over the last
/// axis, or none for Linear). GELU and SiLU are written as the standard operators PyTorch writes for
/// them: Div(z, sqrt 2), Erf, Add(.., 1), Mul(z, ..), Mul(.., 0.5); Sigmoid(z), Mul(z, ..), with
/// constants in the network's number type. A double LeakyReLU is written as Max(z, Mul(z, 1/128)),
/// the same function, because ONNX Runtime implements LeakyRelu for float only. The input "input" is [N, InputCount], the output "output" [N, OutputCount],
/// N free; numbers are double (ONNX DOUBLE) or float (FLOAT) as the network's. The protocol
/// buffers are written by hand: a few dozen lines instead of a dependency for every user.
/// </summary>
public static partial class OnnxExport
{
    private const long IrVersion = 8;
    private const long Opset = 13;
    private const int FloatType = 1;
    private const int DoubleType = 11;

    /// <summary>Writes a double network with these parameters, in the documented order.</summary>
    public static void Write(Stream stream, NetworkDescription description, ReadOnlySpan<double> parameters) =>
        Write(stream, description, MemoryMarshal.AsBytes(parameters), sizeof(double), DoubleType);

    /// <summary>Writes a float network with these parameters, in the documented order.</summary>
    public static void Write(Stream stream, NetworkDescription description, ReadOnlySpan<float> parameters) =>
        Write(stream, description, MemoryMarshal.AsBytes(parameters), sizeof(float), FloatType);

    private static void Write(Stream stream, NetworkDescription description, ReadOnlySpan<byte> parameters, int element, int dataType)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(description);
        if (parameters.Length != description.ParameterCount * element)
        {
            throw new ArgumentException($"A {description} network has {description.ParameterCount} parameters; {parameters.Length / element} {(parameters.Length / element == 1 ? "was" : "were")} given.", nameof(parameters));
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; exporting on a big-endian machine is not supported.");
        }

        IReadOnlyList<int> layers = description.Layers;
        var graph = new ProtobufWriter().String(2, "unrolled");
        var nodes = new List<ProtobufWriter>();
        var initializers = new List<ProtobufWriter>();
        string previous = "input";
        int offset = 0;
        for (int layer = 1; layer < layers.Count; layer++)
        {
            int inputs = layers[layer - 1];
            int outputs = layers[layer];
            string weights = $"W{layer}", biases = $"b{layer}", z = $"z{layer}";
            initializers.Add(Tensor(weights, [outputs, inputs], dataType, parameters.Slice(offset, outputs * inputs * element)));
            offset += outputs * inputs * element;
            initializers.Add(Tensor(biases, [outputs], dataType, parameters.Slice(offset, outputs * element)));
            offset += outputs * element;

            Activation activation = description.Activations[layer - 1];
            string result = layer == layers.Count - 1 ? "output" : $"a{layer}";
            string gemmOutput = activation == Activation.Linear ? result : z;
            nodes.Add(Node("Gemm", $"layer{layer}", [previous, weights, biases], gemmOutput, new ProtobufWriter().String(1, "transB").Int64(3, 1).Int64(20, 2)));
            WriteActivation(activation, layer, string.Join("-", description.Layers), nameof(description), z, result, dataType, nodes, initializers);
            previous = result;
        }

        graph.Messages(1, nodes)
            .Messages(5, initializers)
            .Message(11, Value("input", dataType, layers[0]))
            .Message(12, Value("output", dataType, layers[^1]));
        WriteModel(stream, graph);
    }

    // The ModelProto around a graph, written to the stream in one piece.
    private static void WriteModel(Stream stream, ProtobufWriter graph)
    {
        byte[] model = new ProtobufWriter()
            .Int64(1, IrVersion)
            .String(2, "Unrolled")
            .String(3, typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "0")
            .Message(7, graph)
            .Message(8, new ProtobufWriter().String(1, string.Empty).Int64(2, Opset))
            .ToArray();
        stream.Write(model);
    }

    // The nodes from z to the layer's output, as torch.onnx.export writes each activation; Linear has none.
    // network names it in the message for an activation the export does not know, argument is the caller's parameter that carries it.
    private static void WriteActivation(Activation activation, int layer, string network, string argument, string z, string result, int dataType, List<ProtobufWriter> nodes, List<ProtobufWriter> initializers)
    {
        string name = $"activation{layer}";
        switch (activation)
        {
            case Activation.Linear:
                return;
            case Activation.Sigmoid:
                nodes.Add(Node("Sigmoid", name, [z], result, null));
                return;
            case Activation.Tanh:
                nodes.Add(Node("Tanh", name, [z], result, null));
                return;
            case Activation.ReLU:
                nodes.Add(Node("Relu", name, [z], result, null));
                return;
            case Activation.LeakyReLU when dataType == DoubleType:
                // ONNX Runtime has no double LeakyRelu kernel. max(z, z / 128) is the same function,
                // bit for bit (the slope is a power of two), in operators every runtime has.
                string slope = $"slope{layer}", scaled = $"scaled{layer}";
                initializers.Add(Scalar(slope, dataType, 1.0 / 128));
                nodes.Add(Node("Mul", $"leaky{layer}", [z, slope], scaled, null));
                nodes.Add(Node("Max", name, [z, scaled], result, null));
                return;
            case Activation.LeakyReLU:
                nodes.Add(Node("LeakyRelu", name, [z], result, new ProtobufWriter().String(1, "alpha").Float(2, 1f / 128).Int64(20, 1)));
                return;
            case Activation.Softmax:
                nodes.Add(Node("Softmax", name, [z], result, new ProtobufWriter().String(1, "axis").Int64(3, -1).Int64(20, 2)));
                return;
            case Activation.GELU:
                // 0.5 * z * (1 + erf(z / sqrt 2)) in the nodes and order nn.GELU() exports as. The
                // Gelu operator would be one node, but only from opset 20, which few runtimes load.
                string root2 = $"sqrt2_{layer}", one = $"one{layer}", half = $"half{layer}";
                initializers.Add(Scalar(root2, dataType, Math.Sqrt(2)));
                initializers.Add(Scalar(one, dataType, 1));
                initializers.Add(Scalar(half, dataType, 0.5));
                nodes.Add(Node("Div", $"gelu{layer}/scale", [z, root2], $"zOverSqrt2_{layer}", null));
                nodes.Add(Node("Erf", $"gelu{layer}/erf", [$"zOverSqrt2_{layer}"], $"erf{layer}", null));
                nodes.Add(Node("Add", $"gelu{layer}/add", [$"erf{layer}", one], $"onePlusErf{layer}", null));
                nodes.Add(Node("Mul", $"gelu{layer}/mul", [z, $"onePlusErf{layer}"], $"zTimes{layer}", null));
                nodes.Add(Node("Mul", name, [$"zTimes{layer}", half], result, null));
                return;
            case Activation.SiLU:
                // z * sigmoid(z), as nn.SiLU() exports.
                nodes.Add(Node("Sigmoid", $"silu{layer}/sigmoid", [z], $"sigmoid{layer}", null));
                nodes.Add(Node("Mul", name, [z, $"sigmoid{layer}"], result, null));
                return;
            default:
                // Nothing is written yet: the model goes to the stream only once it is whole.
                throw new ArgumentException($"Layer {layer} of the {network} network has activation {(int)activation}, which the ONNX export does not know.", argument);
        }
    }

    // A scalar constant in the network's number type: sqrt 2 rounded once, to float or to double.
    private static ProtobufWriter Scalar(string name, int dataType, double value) =>
        Tensor(name, [], dataType, dataType == DoubleType ? BitConverter.GetBytes(value) : BitConverter.GetBytes((float)value));

    private static ProtobufWriter Node(string op, string name, string[] inputs, string output, ProtobufWriter? attribute)
    {
        var node = new ProtobufWriter();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }

        node.String(2, output).String(3, name).String(4, op);
        return attribute is null ? node : node.Message(5, attribute);
    }

    private static ProtobufWriter Tensor(string name, long[] dims, int dataType, ReadOnlySpan<byte> data)
    {
        var tensor = new ProtobufWriter();
        foreach (long dim in dims)
        {
            tensor.Int64(1, dim);
        }

        return tensor.Int64(2, dataType).String(8, name).Bytes(9, data);
    }

    // A [N, width] tensor of dataType, N left free ("N").
    private static ProtobufWriter Value(string name, int dataType, int width)
    {
        var shape = new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(2, "N"))
            .Message(1, new ProtobufWriter().Int64(1, width));
        var tensorType = new ProtobufWriter().Int64(1, dataType).Message(2, shape);
        return new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().Message(1, tensorType));
    }
}
