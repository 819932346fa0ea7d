using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

#if UNROLLED_GENERATOR
using Unrolled.Generator.Model;
#endif

namespace Unrolled.Onnx;

/// <summary>One fully connected layer read from a model: <c>a = f(W x + b)</c>.</summary>
internal sealed class OnnxLayer(OnnxNode node, int inputs, int outputs, double[] weights, double[] biases)
{
    /// <summary>The Gemm or MatMul node that computes <c>W x</c>.</summary>
    public OnnxNode Node { get; } = node;

    public int Inputs { get; } = inputs;

    public int Outputs { get; } = outputs;

    /// <summary>W[j, i] row-major: j the neuron of this layer, i of the previous one (torch.nn.Linear.weight's layout).</summary>
    public double[] Weights { get; } = weights;

    public double[] Biases { get; set; } = biases;

    /// <summary>True when the weights are float64; false for float32.</summary>
    public bool IsDouble { get; set; }

    public Activation Activation { get; set; } = Activation.Linear;

    /// <summary>The node that applies the activation, if any.</summary>
    public OnnxNode? ActivationNode { get; set; }

    /// <summary>A LeakyReLU's slope for negative z, as the model stores it (a float32 attribute).</summary>
    public double Slope { get; set; }
}

/// <summary>
/// A model read as a chain of fully connected layers: what it is (sizes, activations, number type)
/// and its parameters in Unrolled's order. <see cref="Mismatch"/> compares it with a network.
/// </summary>
/// <remarks>Shared with the generator as a linked file: netstandard2.0 API only.</remarks>
internal sealed class OnnxChain(IReadOnlyList<OnnxLayer> layers, bool isDouble)
{
    /// <summary>Unrolled's LeakyReLU slope; ONNX stores slopes as float32, and 1/128 is exact there.</summary>
    public const float LeakySlope = 1f / 128;

    public IReadOnlyList<OnnxLayer> Layers { get; } = layers;

    /// <summary>True when the model's numbers are float64; false for float32.</summary>
    public bool IsDouble { get; } = isDouble;

    /// <summary>Neurons per layer, input layer first.</summary>
    public int[] Sizes => [Layers[0].Inputs, .. Layers.Select(l => l.Outputs)];

    public long ParameterCount => Layers.Sum(l => ((long)l.Inputs + 1) * l.Outputs);

    private Activation Output => Layers[Layers.Count - 1].Activation;

    /// <summary>"2-4-1 (Tanh hidden, Sigmoid output, float32)", or "4-16-8-3 (ReLU, Tanh, Softmax, float32)" when the hidden layers differ.</summary>
    public override string ToString()
    {
        string[] hidden = [.. Layers.Take(Layers.Count - 1).Select(l => l.Activation.ToString())];
        string activations = hidden.Length == 0 ? "no hidden layer, " + Output + " output"
            : hidden.Distinct().Count() == 1 ? hidden[0] + " hidden, " + Output + " output"
            : string.Join(", ", hidden) + ", " + Output;
        return string.Join("-", Sizes.Select(s => s.ToString(CultureInfo.InvariantCulture)))
            + $" ({activations}, {(IsDouble ? "float64" : "float32")})";
    }

    /// <summary>
    /// Why this model cannot be imported into a network of these layers, activations and precision,
    /// or null when it can. <paramref name="network"/> describes that network for the message.
    /// A float32 model fits a double network (every float is a double); a float64 model does not
    /// fit a float network, because its numbers would be rounded.
    /// </summary>
    /// <param name="sizes">The network's layer sizes, input first.</param>
    /// <param name="activations">The activation of each of the network's layers after the input.</param>
    /// <param name="singleNetwork">True for a float network.</param>
    /// <param name="network">The network, as its description prints it.</param>
    public string? Mismatch(IReadOnlyList<int> sizes, IReadOnlyList<Activation> activations, bool singleNetwork, string network)
    {
        bool sameShape = sizes.Count == Layers.Count + 1 && sizes.SequenceEqual(Sizes);
        bool sameActivations = sameShape && Layers.Select(l => l.Activation).SequenceEqual(activations);
        if (!sameShape || !sameActivations)
        {
            return $"The ONNX model holds a {this} network, but it is being imported into a {network} network";
        }

        if (IsDouble && singleNetwork)
        {
            return $"The ONNX model's numbers are float64, and the {network} network holds float32: its numbers would be rounded. Declare the network with Precision = Precision.Double, or export the model in float32 (model.float())";
        }

        foreach (OnnxLayer layer in Layers)
        {
            if (layer.Activation == Activation.LeakyReLU && (float)layer.Slope != LeakySlope)
            {
                return $"The ONNX model's {layer.ActivationNode} has LeakyReLU slope {((float)layer.Slope).ToString("R", CultureInfo.InvariantCulture)}, and Unrolled's LeakyReLU has slope 1/128 = 0.0078125; it is refused rather than rounded. Train and export with nn.LeakyReLU(0.0078125)";
            }
        }

        return null;
    }

    /// <summary>Every parameter in Unrolled's order: per layer W[j, i] row-major, then b[j].</summary>
    public double[] Parameters()
    {
        var parameters = new double[ParameterCount];
        int offset = 0;
        foreach (OnnxLayer layer in Layers)
        {
            layer.Weights.CopyTo(parameters, offset);
            offset += layer.Weights.Length;
            layer.Biases.CopyTo(parameters, offset);
            offset += layer.Biases.Length;
        }

        return parameters;
    }
}
