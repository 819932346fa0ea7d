namespace Unrolled.Generator.Model;

/// <summary>What a layer computes from the layer before it.</summary>
internal enum LayerKind
{
    /// <summary>The inputs: no parameters, no activation.</summary>
    Input = 0,

    /// <summary>Fully connected: <c>a = f(W x + b)</c>.</summary>
    Dense = 1,
}

/// <summary>One layer of a network: how many neurons, what it applies to them, and how it connects to the layer before.</summary>
/// <param name="Size">Neurons in this layer.</param>
/// <param name="Activation">What each neuron applies to its weighted sum; <see cref="Activation.Linear"/> for the input layer.</param>
/// <param name="Kind">The input layer, or a dense layer.</param>
internal sealed record LayerSpec(int Size, Activation Activation, LayerKind Kind)
{
    public static LayerSpec Input(int size) => new(size, Activation.Linear, LayerKind.Input);

    public static LayerSpec Dense(int size, Activation activation) => new(size, activation, LayerKind.Dense);
}
