namespace Unrolled.Generator.Model;

/// <summary>What a layer computes from the layer before it.</summary>
internal enum LayerKind
{
    /// <summary>The inputs: no parameters, no activation.</summary>
    Input = 0,

    /// <summary>Fully connected: <c>a = f(W x + b)</c>.</summary>
    Dense = 1,

    /// <summary>A gated recurrent unit (<see cref="Cell.GRU"/>): its gates read the layer before and its own last state.</summary>
    Gru = 2,

    /// <summary>A long short-term memory cell (<see cref="Cell.LSTM"/>): a hidden and a cell state.</summary>
    Lstm = 3,
}

/// <summary>One layer of a network: how many neurons, what it applies to them, and how it connects to the layer before.</summary>
/// <param name="Size">Neurons in this layer.</param>
/// <param name="Activation">What each neuron applies to its weighted sum; <see cref="Activation.Linear"/> for the input layer.</param>
/// <param name="Kind">The input layer, a dense layer or a recurrent cell.</param>
internal sealed record LayerSpec(int Size, Activation Activation, LayerKind Kind)
{
    public static LayerSpec Input(int size) => new(size, Activation.Linear, LayerKind.Input);

    public static LayerSpec Dense(int size, Activation activation) => new(size, activation, LayerKind.Dense);

    /// <summary>
    /// A recurrent cell. Its own gates apply sigmoid and tanh; its output h is in (-1, 1) like a tanh's, which
    /// is what <see cref="Activation"/> records for it.
    /// </summary>
    public static LayerSpec Recurrent(int size, LayerKind kind) => new(size, Activation.Tanh, kind);

    /// <summary>A GRU or LSTM cell.</summary>
    public bool IsRecurrent => Kind is LayerKind.Gru or LayerKind.Lstm;
}
