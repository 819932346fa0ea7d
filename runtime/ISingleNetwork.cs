using System;

namespace Unrolled;

/// <summary>
/// The members every generated trainable network of <see cref="Precision.Single"/> has: those of
/// <see cref="INetwork"/>, over float. A separate interface rather than a generic one keeps each
/// precision's calls on a concrete element type. Call the members on the concrete type instead to
/// avoid interface dispatch (and boxing, for structs) in hot loops.
/// </summary>
public interface ISingleNetwork : ISinglePredictor
{
    /// <summary>One stochastic gradient-descent step on one sample.</summary>
    /// <param name="input">Exactly <see cref="ISinglePredictor.InputCount"/> values.</param>
    /// <param name="target">Exactly <see cref="ISinglePredictor.OutputCount"/> values.</param>
    /// <param name="learningRate">The step size applied to the gradient: a positive finite number.</param>
    /// <returns>
    /// The loss of the sample before the update (<c>0.5 * sum_k (o_k - t_k)^2</c> for the squared error). When an input, a
    /// target, an activation, the loss or a new parameter or optimizer-state value would be NaN or infinite (huge finite
    /// arguments can overflow in the update), the step changes nothing, optimizer state included, and returns NaN or infinity.
    /// </returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is zero, negative, NaN or infinite; the network is unchanged.</exception>
    float Train(ReadOnlySpan<float> input, ReadOnlySpan<float> target, float learningRate);

    /// <summary>One gradient-descent step with the mean gradient over n samples.</summary>
    /// <param name="inputs">n rows of <see cref="ISinglePredictor.InputCount"/> values, row-major.</param>
    /// <param name="targets">n rows of <see cref="ISinglePredictor.OutputCount"/> values, row-major.</param>
    /// <param name="learningRate">The step size applied to the mean gradient: a positive finite number.</param>
    /// <returns>
    /// The mean loss over the n samples before the update. When a value of any row is NaN or infinite, or a new
    /// parameter or optimizer-state value would be (huge finite arguments can overflow in the update), the step
    /// changes nothing, optimizer state included, and returns NaN or infinity.
    /// </returns>
    /// <exception cref="ArgumentException">The spans are empty or their lengths do not describe the same n rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is zero, negative, NaN or infinite; the network is unchanged.</exception>
    float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, float learningRate);

    /// <summary>
    /// Sets every weight from a Glorot/Xavier uniform distribution drawn from <see cref="SplitMix64"/>
    /// with the given seed, and every bias to zero. The same seed gives the same network everywhere.
    /// </summary>
    void Randomize(ulong seed);

    /// <summary>Replaces all parameters with <paramref name="source"/>, in the documented order.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> does not hold exactly <see cref="ISinglePredictor.ParameterCount"/> values.</exception>
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

    /// <summary>
    /// Replaces the parameters with those of an ONNX model trained elsewhere (for example PyTorch's
    /// <c>torch.onnx.export</c>), checked first against this network's layers and activations; see
    /// <see cref="Onnx.OnnxImport"/>. The optimizer's state is reset, as <see cref="SetParameters"/> does.
    /// A rejected model leaves the network unchanged.
    /// </summary>
    /// <exception cref="System.IO.InvalidDataException">The model is not a chain of layers of this network's sizes and activations, or is truncated or corrupted.</exception>
    void ImportOnnx(System.IO.Stream stream);
}
