using System;

namespace Unrolled;

/// <summary>
/// Asks the Unrolled source generator to turn the annotated partial class or struct into a
/// fully unrolled feedforward network: every weight a field, every neuron a line of code.
/// </summary>
/// <remarks>
/// <c>layers[0]</c> is the number of inputs, the last entry the number of outputs and the entries
/// between are hidden layers. At least two layers are required and every size must be at least 1.
/// Every layer uses the sigmoid activation and training minimises the squared error
/// <c>0.5 * sum_k (o_k - t_k)^2</c>.
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
}
