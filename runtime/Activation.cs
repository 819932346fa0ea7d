#if UNROLLED_GENERATOR
// The generator compiles this file too (one definition for both): in its own namespace, so a
// project that sees both assemblies never finds two types of one name.
namespace Unrolled.Generator.Model;
#else
namespace Unrolled;
#endif

/// <summary>
/// The function a layer applies to each neuron's weighted sum z. Each is generated inline. Most
/// take their derivative from the neuron's output a; <see cref="GELU"/> and <see cref="SiLU"/>
/// need z itself, which the generated code keeps for them.
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

    /// <summary>
    /// The Gaussian error linear unit, exact as PyTorch's <c>nn.GELU()</c>:
    /// <c>a = 0.5 * z * (1 + erf(z / sqrt 2))</c>, derivative
    /// <c>0.5 * (1 + erf(z / sqrt 2)) + z * exp(-z^2 / 2) / sqrt(2 pi)</c>, taken from z.
    /// </summary>
    GELU = 6,

    /// <summary>
    /// The sigmoid linear unit (swish), PyTorch's <c>nn.SiLU()</c>: <c>a = z * sigmoid(z)</c>,
    /// derivative <c>s * (1 + z * (1 - s))</c> with <c>s = sigmoid(z)</c>, taken from z.
    /// </summary>
    SiLU = 7,
}
