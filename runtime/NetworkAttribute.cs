using System;

namespace Unrolled;

/// <summary>
/// Asks the Unrolled source generator to turn the annotated partial class or struct into a
/// fully unrolled feedforward network: every weight a field, every neuron a line of code.
/// </summary>
/// <remarks>
/// <c>layers[0]</c> is the number of inputs, the last entry the number of outputs and the entries
/// between are hidden layers. At least two layers are required and every size must be at least 1.
/// Unless the named options say otherwise, every layer uses the sigmoid activation, training
/// minimises the squared error <c>0.5 * sum_k (o_k - t_k)^2</c> with plain gradient descent, and
/// every number is a double.
/// </remarks>
/// <example>
/// <code>
/// [Network(2, 4, 1)]
/// public partial class XorNet { }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>Declares a network with the given layer sizes, input layer first.</summary>
    /// <param name="layers">The neuron count of each layer, from the inputs to the outputs.</param>
    public NetworkAttribute(params int[] layers)
    {
        Layers = layers ?? [];
    }

    /// <summary>The neuron count of each layer, from the inputs to the outputs.</summary>
    public int[] Layers { get; }

    /// <summary>
    /// The floating-point type of inputs, outputs, parameters and every step between:
    /// <see cref="Precision.Double"/> (the default) or <see cref="Precision.Single"/>.
    /// </summary>
    public Precision Precision { get; set; } = Precision.Double;

    /// <summary>
    /// The activation of each layer after the input, in order, the output layer's last:
    /// <c>[Network(4, 16, 8, 3, Activations = new[] { Activation.ReLU, Activation.Tanh, Activation.Softmax })]</c>.
    /// Set either this or <see cref="Hidden"/> and <see cref="Output"/>; null unless set.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819:Properties should not return arrays",
        Justification = "An attribute argument that lists values can only be an array.")]
    public Activation[]? Activations { get; set; }

    /// <summary>The activation of every hidden layer; <see cref="Activation.Sigmoid"/> unless set.</summary>
    public Activation Hidden { get; set; } = Activation.Sigmoid;

    /// <summary>The activation of the output layer; <see cref="Activation.Sigmoid"/> unless set.</summary>
    public Activation Output { get; set; } = Activation.Sigmoid;

    /// <summary>
    /// What every hidden layer is: <see cref="Unrolled.Cell.None"/> (the default) for dense layers, or
    /// <see cref="Unrolled.Cell.GRU"/> or <see cref="Unrolled.Cell.LSTM"/> for recurrent cells of the hidden
    /// layers' sizes, stacked, each feeding the next at the same time step; the output layer stays dense
    /// with the <see cref="Output"/> activation. A recurrent network gets <c>Step</c>, <c>ResetState</c>,
    /// <c>TrainSequence</c> and <c>TrainSequenceBatch</c> in place of Predict and Train.
    /// </summary>
    public Cell Cell { get; set; } = Cell.None;

    /// <summary>What training minimises; <see cref="Unrolled.Loss.SquaredError"/> unless set.</summary>
    public Loss Loss { get; set; } = Loss.SquaredError;

    /// <summary>How gradients move the parameters; <see cref="Unrolled.Optimizer.Sgd"/> unless set.</summary>
    public Optimizer Optimizer { get; set; } = Optimizer.Sgd;

    /// <summary>
    /// The momentum coefficient mu of <see cref="Unrolled.Optimizer.Momentum"/>, in [0, 1); 0.9 unless set.
    /// Only that optimizer reads it, so setting it with another is compiler error UNR023.
    /// </summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>Adam's decay rate b1 of the mean of the gradients, in [0, 1); 0.9 unless set. Without Adam, error UNR023.</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>Adam's decay rate b2 of the mean of the squared gradients, in [0, 1); 0.999 unless set. Without Adam, error UNR023.</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>Adam's epsilon, added to the square root to avoid dividing by zero; greater than 0; 1e-8 unless set. Without Adam, error UNR023.</summary>
    public double Epsilon { get; set; } = 1e-8;

    /// <summary>
    /// Freezes the network: the name of a file written by <see cref="NetworkFile.SaveAsText(INetwork, string)"/>
    /// and listed in the project as an <c>AdditionalFiles</c> item, named by its path from the project
    /// directory or, when only one item has it, by its file name. The generator compiles its weights
    /// in as constants, and the type gets Predict and PredictBatch but no training members. The
    /// file must match the layers and options; a missing, unreadable or mismatched file is a
    /// compiler error at this attribute.
    /// </summary>
    public string? Weights { get; set; }
}
