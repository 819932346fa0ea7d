using System;

namespace Unrolled;

/// <summary>
/// The members every generated trainable network has: those of <see cref="IPredictor"/>, and
/// training, saving and loading. Generated types implement this interface so that code can train or
/// query any network without knowing its topology; call the members on the concrete type instead to
/// avoid interface dispatch (and boxing, for structs) in hot loops. A struct network passed as
/// <see cref="INetwork"/> is boxed: the interface then trains the boxed copy, not the variable.
/// </summary>
public interface INetwork : IPredictor
{
    /// <summary>One stochastic gradient-descent step on one sample.</summary>
    /// <param name="input">Exactly <see cref="IPredictor.InputCount"/> values.</param>
    /// <param name="target">Exactly <see cref="IPredictor.OutputCount"/> values.</param>
    /// <param name="learningRate">The step size applied to the gradient: a positive finite number.</param>
    /// <returns>
    /// The loss of the sample before the update (<c>0.5 * sum_k (o_k - t_k)^2</c> for the squared error). When an input, a
    /// target, an activation, the loss or a new parameter or optimizer-state value would be NaN or infinite (huge finite
    /// arguments can overflow in the update), the step changes nothing, optimizer state included, and returns NaN or infinity.
    /// </returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is zero, negative, NaN or infinite; the network is unchanged.</exception>
    double Train(ReadOnlySpan<double> input, ReadOnlySpan<double> target, double learningRate);

    /// <summary>One gradient-descent step with the mean gradient over n samples.</summary>
    /// <param name="inputs">n rows of <see cref="IPredictor.InputCount"/> values, row-major.</param>
    /// <param name="targets">n rows of <see cref="IPredictor.OutputCount"/> values, row-major.</param>
    /// <param name="learningRate">The step size applied to the mean gradient: a positive finite number.</param>
    /// <returns>
    /// The mean loss over the n samples before the update. When a value of any row is NaN or infinite, or a new
    /// parameter or optimizer-state value would be (huge finite arguments can overflow in the update), the step
    /// changes nothing, optimizer state included, and returns NaN or infinity.
    /// </returns>
    /// <exception cref="ArgumentException">The spans are empty or their lengths do not describe the same n rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is zero, negative, NaN or infinite; the network is unchanged.</exception>
    double TrainBatch(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, double learningRate);

    /// <summary>
    /// Sets every weight from a Glorot/Xavier uniform distribution drawn from <see cref="SplitMix64"/>
    /// with the given seed, and every bias to zero. The same seed gives the same network everywhere.
    /// </summary>
    void Randomize(ulong seed);

    /// <summary>Replaces all parameters with <paramref name="source"/>, in the documented order.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> does not hold exactly <see cref="IPredictor.ParameterCount"/> values.</exception>
    void SetParameters(ReadOnlySpan<double> source);

    /// <summary>
    /// Writes the network, its optimizer state included, in the format of <see cref="NetworkFormat"/>.
    /// To save to a file atomically, use <see cref="NetworkFile.Save(INetwork, string)"/>.
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
