using System;

namespace Unrolled;

/// <summary>
/// The members every frozen recurrent network of floats has (<c>[Network(..., Cell = Cell.GRU, Weights = "file.unrolled")]</c>):
/// it steps through time with the parameters of its file and does not train. A network that trains has these
/// members too, through <see cref="ISingleRecurrentNetwork"/>.
/// </summary>
public interface ISingleRecurrentPredictor
{
    /// <summary>Inputs at each time step.</summary>
    int InputCount { get; }

    /// <summary>Outputs at each time step.</summary>
    int OutputCount { get; }

    /// <summary>Weights and biases, in PyTorch's order.</summary>
    int ParameterCount { get; }

    /// <summary>The size of every layer, input layer first; the hidden layers are the cells.</summary>
    ReadOnlySpan<int> LayerSizes { get; }

    /// <summary>One time step from the state the last step left, which advances; allocates nothing.</summary>
    /// <param name="input">Exactly <see cref="InputCount"/> values.</param>
    /// <param name="output">At least <see cref="OutputCount"/> values.</param>
#pragma warning disable CA1716 // Step is the contract's name; it is a keyword only in Visual Basic, where [Step] calls it.
    void Step(ReadOnlySpan<float> input, Span<float> output);
#pragma warning restore CA1716

    /// <summary>Sets the state Step carries back to zero.</summary>
    void ResetState();

    /// <summary>Copies the parameters in PyTorch's order.</summary>
    void CopyParametersTo(Span<float> destination);
}
