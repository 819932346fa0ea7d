using System;

namespace Unrolled;

/// <summary>
/// The members every generated recurrent network of doubles has (<c>[Network(..., Cell = Cell.GRU)]</c> or
/// <c>Cell.LSTM</c>), so code can step or train any of them without knowing its topology. Call the members on
/// the concrete type in hot loops to avoid interface dispatch.
/// </summary>
public interface IRecurrentNetwork
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
    void Step(ReadOnlySpan<double> input, Span<double> output);
#pragma warning restore CA1716

    /// <summary>Sets the state Step carries back to zero.</summary>
    void ResetState();

    /// <summary>
    /// One training step on one sequence from a zero state (backpropagation through time over all of it);
    /// returns the mean over its time steps of the per-step loss, before the step. The state Step carries is unchanged.
    /// </summary>
    double TrainSequence(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, double learningRate);

    /// <summary>
    /// One training step on equal-length sequences, each from a zero state, along the mean gradient; returns the
    /// mean loss over every time step, before the step.
    /// </summary>
    double TrainSequenceBatch(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int sequenceLength, double learningRate);

    /// <summary>Cells' weights and biases from U(-k, k), k = 1 / sqrt(units), as PyTorch starts them; the output layer Glorot, biases zero.</summary>
    void Randomize(ulong seed);

    /// <summary>Copies the parameters in PyTorch's order.</summary>
    void CopyParametersTo(Span<double> destination);

    /// <summary>Replaces all parameters, in the order <see cref="CopyParametersTo"/> writes them.</summary>
    void SetParameters(ReadOnlySpan<double> source);

    /// <summary>
    /// Writes the network, its optimizer state included, in the format of <see cref="NetworkFormat"/>, which
    /// records the cell. To save to a file atomically, use <see cref="NetworkFile.Save(IRecurrentNetwork, string)"/>.
    /// </summary>
    void Save(System.IO.Stream stream);

    /// <summary>
    /// Replaces the parameters and the optimizer state with those <see cref="Save"/> wrote; the whole stream is
    /// checked first, and a rejected stream leaves the network unchanged. The state Step carries is kept.
    /// </summary>
    /// <exception cref="System.IO.InvalidDataException">The stream holds another network (another cell, size or option), or is truncated or corrupted.</exception>
    void Load(System.IO.Stream stream);
}
