using System;

namespace Unrolled;

/// <summary>
/// The members every generated network of <see cref="Precision.Single"/> has, frozen ones
/// included: those of <see cref="IPredictor"/>, over float. <see cref="ISingleNetwork"/> adds
/// training, saving and loading.
/// </summary>
public interface ISinglePredictor
{
    /// <summary>Number of inputs: the size of the first layer.</summary>
    int InputCount { get; }

    /// <summary>Number of outputs: the size of the last layer.</summary>
    int OutputCount { get; }

    /// <summary>Number of weights and biases.</summary>
    int ParameterCount { get; }

    /// <summary>The size of every layer, input layer first.</summary>
    ReadOnlySpan<int> LayerSizes { get; }

    /// <summary>Runs the forward pass on one sample.</summary>
    /// <param name="input">Exactly <see cref="InputCount"/> values.</param>
    /// <param name="output">At least <see cref="OutputCount"/> values; the first <see cref="OutputCount"/> receive the outputs.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    void Predict(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Runs the forward pass on n rows; where the hardware allows, several rows at once.</summary>
    /// <param name="inputs">n rows of <see cref="InputCount"/> values, row-major; n may be zero.</param>
    /// <param name="outputs">At least n rows of <see cref="OutputCount"/> values; row r receives the outputs for input row r.</param>
    /// <exception cref="ArgumentException">The inputs are not whole rows, or the outputs are too short.</exception>
    void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>Copies all <see cref="ParameterCount"/> parameters, in the documented order, to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="ParameterCount"/>.</exception>
    void CopyParametersTo(Span<float> destination);

    /// <summary>Writes the network as a standard ONNX model; see <see cref="Onnx.OnnxExport"/>.</summary>
    void ExportOnnx(System.IO.Stream stream);
}
