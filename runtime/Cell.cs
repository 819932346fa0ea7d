#if UNROLLED_GENERATOR
// The generator compiles this file too (one definition for both), in its own namespace.
namespace Unrolled.Generator.Model;
#else
namespace Unrolled;
#endif

/// <summary>
/// What every hidden layer of a network is: a dense layer, or a recurrent cell that keeps a state
/// from one time step to the next. The cells are PyTorch's <c>nn.GRU</c> and <c>nn.LSTM</c>, gate for
/// gate, so their weights map one to one; the output layer stays dense.
/// </summary>
public enum Cell
{
    /// <summary>No cell: every hidden layer is dense, <c>a = f(W x + b)</c>.</summary>
    None = 0,

    /// <summary>
    /// A gated recurrent unit (PyTorch's gate order r, z, n):
    /// <c>r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)</c>, <c>z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)</c>,
    /// <c>n = tanh(W_in x + b_in + r * (W_hn h + b_hn))</c>, <c>h' = (1 - z) * n + z * h</c>.
    /// </summary>
    GRU = 1,

    /// <summary>
    /// A long short-term memory cell (PyTorch's gate order i, f, g, o, separate input and hidden biases):
    /// <c>i, f, o = sigmoid(...)</c>, <c>g = tanh(...)</c>, <c>c' = f * c + i * g</c>, <c>h' = o * tanh(c')</c>.
    /// </summary>
    LSTM = 2,
}
