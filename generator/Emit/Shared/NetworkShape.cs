using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// The layer sizes seen from the emitter, with the name of every value the generated code computes.
/// Layer 0 is the input, layer <see cref="OutputLayer"/> the output; one naming scheme throughout
/// so the header, the comments and the code use the same symbols.
/// </summary>
internal sealed class NetworkShape
{
    public NetworkShape(IReadOnlyList<LayerSpec> layers, NetworkOptions options)
    {
        LayerSpecs = layers;
        Layers = [.. layers.Select(layer => layer.Size)];
        Options = options;
        NumberType = NumberType.For(options.Precision);
    }

    /// <summary>Loss, optimizer and precision.</summary>
    public NetworkOptions Options { get; }

    /// <summary>Every layer, input layer first, with its size, activation and kind.</summary>
    public IReadOnlyList<LayerSpec> LayerSpecs { get; }

    /// <summary>The activation of <paramref name="layer"/> (1 or more).</summary>
    public Activation ActivationOf(int layer) => LayerSpecs[layer].Activation;

    /// <summary>The output layer's activation.</summary>
    public Activation OutputActivation => ActivationOf(OutputLayer);

    /// <summary>The activations of the layers after the input, each once, in layer order.</summary>
    public IEnumerable<Activation> DistinctActivations => LayerSpecs.Skip(1).Select(layer => layer.Activation).Distinct();

    /// <summary>The activations of the hidden layers, each once, in layer order.</summary>
    public IEnumerable<Activation> HiddenActivations => LayerSpecs.Skip(1).Take(OutputLayer - 1).Select(layer => layer.Activation).Distinct();

    /// <summary>True when every hidden layer has the same activation (or there is at most one hidden layer).</summary>
    public bool HasUniformHidden => HiddenActivations.Count() <= 1;

    /// <summary>The output layer's softmax: its largest z, each exp(z - max) and their sum.</summary>
    public string SoftmaxMax => "m" + Number(OutputLayer);

    public string SoftmaxExp(int neuron) => "s" + Number(OutputLayer) + "_" + Number(neuron);

    public string SoftmaxSum => "sum" + Number(OutputLayer);

    /// <summary>The floating-point type every value is computed in.</summary>
    public NumberType NumberType { get; }

    public IReadOnlyList<int> Layers { get; }

    public int OutputLayer => Layers.Count - 1;

    public int InputCount => Layers[0];

    public int OutputCount => Layers[OutputLayer];

    public long ParameterCount => Topology.CountParameters(Layers);

    /// <summary>"2-4-1".</summary>
    public string Description => string.Join("-", Layers.Select(l => Number(l)));

    public int Size(int layer) => Layers[layer];

    /// <summary>"input", "hidden 1", "output".</summary>
    public string LayerTitle(int layer) =>
        layer == 0 ? "input" : layer == OutputLayer ? "output" : "hidden " + Number(layer);

    /// <summary>The value neuron <paramref name="neuron"/> of a layer passes on: x_i, a{l}_j or o_k.</summary>
    public string Activation(int layer, int neuron) =>
        layer == 0 ? "x" + Number(neuron)
        : layer == OutputLayer ? "o" + Number(neuron)
        : "a" + Number(layer) + "_" + Number(neuron);

    /// <summary>The symbol used for a whole layer's activations in comments: x, a1, o.</summary>
    public string ActivationSymbol(int layer) =>
        layer == 0 ? "x" : layer == OutputLayer ? "o" : "a" + Number(layer);

    /// <summary>The index comments use for neurons of <paramref name="layer"/>: k in the output layer, j elsewhere.</summary>
    public string CurrentLetter(int layer) => layer == OutputLayer ? "k" : "j";

    /// <summary>The index comments use for the layer feeding <paramref name="layer"/>: j into the output from a hidden layer, i otherwise.</summary>
    public string PreviousLetter(int layer) => layer == OutputLayer && layer > 1 ? "j" : "i";

    /// <summary>A neuron of a layer in comments: x_i, a1_j, o_k.</summary>
    public string Symbol(int layer, string letter) => ActivationSymbol(layer) + "_" + letter;

    public string PreActivation(int layer, int neuron) => "z" + Number(layer) + "_" + Number(neuron);

    public string Delta(int layer, int neuron) => "d" + Number(layer) + "_" + Number(neuron);

    public string Error(int neuron) => "e" + Number(neuron);

    public string Weight(int layer, int neuron, int input) => GeneratedNames.Weight(layer, neuron, input);

    public string Bias(int layer, int neuron) => GeneratedNames.Bias(layer, neuron);

    /// <summary>The batch accumulator of dE/dW for one weight: the field name with a g prefix.</summary>
    public string WeightGradient(int layer, int neuron, int input) => "g" + Weight(layer, neuron, input);

    public string BiasGradient(int layer, int neuron) => "g" + Bias(layer, neuron);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"1 input", "2 inputs".</summary>
    public static string Count(long value, string noun) => Number(value) + " " + noun + (value == 1 ? string.Empty : "s");
}
