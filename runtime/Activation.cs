namespace Unrolled;

/// <summary>
/// The function a layer applies to each neuron's weighted sum z. Each is generated inline, with its
/// derivative taken from the neuron's output a, the way backpropagation uses it.
/// </summary>
public enum Activation
{
    /// <summary><c>a = 1 / (1 + exp(-z))</c>, derivative <c>a * (1 - a)</c>. Outputs in (0, 1).</summary>
    Sigmoid = 0,

    /// <summary><c>a = tanh(z)</c>, derivative <c>1 - a * a</c>. Outputs in (-1, 1), centred on 0.</summary>
    Tanh = 1,

    /// <summary><c>a = max(0, z)</c>, derivative 1 where <c>a &gt; 0</c>, else 0.</summary>
    ReLU = 2,

    /// <summary>
    /// <c>a = z</c> where <c>z &gt; 0</c>, else <c>z / 128</c>; derivative 1 or 1/128. The slope 1/128
    /// is exact in float and double, so every precision and an exported model agree bit for bit.
    /// </summary>
    LeakyReLU = 3,

    /// <summary><c>a = z</c>, derivative 1: for regression outputs.</summary>
    Linear = 4,

    /// <summary>
    /// Output layer only: <c>o_k = exp(z_k - m) / sum_j exp(z_j - m)</c> with <c>m = max_j z_j</c>, so the
    /// outputs are positive and add up to 1. Needs at least two outputs and <see cref="Loss.CrossEntropy"/>.
    /// </summary>
    Softmax = 5,
}
