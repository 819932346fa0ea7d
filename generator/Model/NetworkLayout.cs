namespace Unrolled.Generator.Model;

/// <summary>How the generated code holds and visits the parameters.</summary>
internal enum NetworkLayout
{
    /// <summary>One field per weight and bias; every method is straight-line code, neuron by neuron.</summary>
    StraightLine,

    /// <summary>
    /// The parameters in one array in the documented order; each layer is a loop with constant
    /// bounds over rows of its weight matrix, a SIMD vector of weights at a time.
    /// </summary>
    Blocked,
}
