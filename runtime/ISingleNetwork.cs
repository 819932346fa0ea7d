using System;

namespace Unrolled;

/// <summary>
/// The members every generated network of <see cref="Precision.Single"/> has: those of
/// <see cref="INetwork"/>, over float. A separate interface rather than a generic one keeps each
/// precision's calls on a concrete element type. Call the members on the concrete type instead to
/// avoid interface dispatch (and boxing, for structs) in hot loops.
/// </summary>
public interface ISingleNetwork
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

    /// <summary>One stochastic gradient-descent step on one sample.</summary>
    /// <param name="input">Exactly <see cref="InputCount"/> values.</param>
    /// <param name="target">Exactly <see cref="OutputCount"/> values.</param>
    /// <param name="learningRate">The step size applied to the gradient.</param>
    /// <returns>
    /// The loss of the sample before the update (<c>0.5 * sum_k (o_k - t_k)^2</c> for the squared error). When an input, a
    /// target, an activation or the loss is NaN or infinite, the step changes nothing and returns that NaN or infinity.
    /// </returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    float Train(ReadOnlySpan<float> input, ReadOnlySpan<float> target, float learningRate);

    /// <summary>One gradient-descent step with the mean gradient over n samples.</summary>
    /// <param name="inputs">n rows of <see cref="InputCount"/> values, row-major.</param>
    /// <param name="targets">n rows of <see cref="OutputCount"/> values, row-major.</param>
    /// <param name="learningRate">The step size applied to the mean gradient.</param>
    /// <returns>
    /// The mean loss over the n samples before the update. When a value of any row is NaN or infinite, the step
    /// changes nothing and returns NaN or infinity.
    /// </returns>
    /// <exception cref="ArgumentException">The spans are empty or their lengths do not describe the same n rows.</exception>
    float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, float learningRate);

    /// <summary>
    /// Sets every weight from a Glorot/Xavier uniform distribution drawn from <see cref="SplitMix64"/>
    /// with the given seed, and every bias to zero. The same seed gives the same network everywhere.
    /// </summary>
    void Randomize(ulong seed);

    /// <summary>Copies all <see cref="ParameterCount"/> parameters, in the documented order, to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="ParameterCount"/>.</exception>
    void CopyParametersTo(Span<float> destination);

    /// <summary>Replaces all parameters with <paramref name="source"/>, in the documented order.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> does not hold exactly <see cref="ParameterCount"/> values.</exception>
    void SetParameters(ReadOnlySpan<float> source);

    /// <summary>
    /// Writes the network, its optimizer state included, in the format of <see cref="NetworkFormat"/>.
    /// To save to a file atomically, use <see cref="NetworkFile.Save(ISingleNetwork, string)"/>.
    /// </summary>
    void Save(System.IO.Stream stream);

    /// <summary>
    /// Replaces the parameters and optimizer state with those in <paramref name="stream"/>, checked first:
    /// a rejected stream leaves the network unchanged.
    /// </summary>
    /// <exception cref="System.IO.InvalidDataException">The stream holds another network, or is truncated or corrupted.</exception>
    void Load(System.IO.Stream stream);

    /// <summary>Writes the network as a standard ONNX model; see <see cref="Onnx.OnnxExport"/>.</summary>
    void ExportOnnx(System.IO.Stream stream);

    /// <summary>
    /// Replaces the parameters with those of an ONNX model trained elsewhere (for example PyTorch's
    /// <c>torch.onnx.export</c>), checked first against this network's layers and activations; see
    /// <see cref="Onnx.OnnxImport"/>. The optimizer's state is reset, as <see cref="SetParameters"/> does.
    /// A rejected model leaves the network unchanged.
    /// </summary>
    /// <exception cref="System.IO.InvalidDataException">The model is not a chain of layers of this network's sizes and activations, or is truncated or corrupted.</exception>
    void ImportOnnx(System.IO.Stream stream);
}
