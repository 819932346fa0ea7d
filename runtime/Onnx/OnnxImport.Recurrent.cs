using System;
using System.IO;

namespace Unrolled.Onnx;

/// <summary>
/// Recurrent models: what <c>torch.onnx.export</c> writes for <c>nn.GRU</c> or <c>nn.LSTM</c>
/// (<c>batch_first=True</c>, one or more layers) followed by <c>nn.Linear</c> and an activation, and what
/// <see cref="OnnxExport"/> writes for a recurrent network. The gate blocks are moved back to PyTorch's
/// order and each cell's B is split into b_ih and b_hh; a model of another cell, shape, output activation
/// or a float64 model for a float network is an <see cref="InvalidDataException"/> that says what the
/// model is and what the network is.
/// </summary>
public static partial class OnnxImport
{
    /// <summary>Reads the model in <paramref name="stream"/> into the parameters of a double recurrent network.</summary>
    /// <param name="stream">An ONNX model; read to its end and not closed.</param>
    /// <param name="cell">The network's cell: <see cref="Cell.GRU"/> or <see cref="Cell.LSTM"/>.</param>
    /// <param name="layers">The network's input width, cell sizes and output width.</param>
    /// <param name="output">The network's output activation.</param>
    /// <param name="parameters">Receives the parameters in the network's <c>CopyParametersTo</c> order; untouched when the model is refused.</param>
    /// <exception cref="InvalidDataException">The model is not a recurrent network this one can hold.</exception>
    public static void Read(Stream stream, Cell cell, ReadOnlySpan<int> layers, Activation output, Span<double> parameters) =>
        ReadRecurrent(stream, cell, layers.ToArray(), output, Precision.Double, parameters.Length, nameof(parameters)).CopyTo(parameters);

    /// <summary>Reads the model in <paramref name="stream"/> into the parameters of a float recurrent network.</summary>
    /// <param name="stream">An ONNX model in float32; read to its end and not closed.</param>
    /// <param name="cell">The network's cell: <see cref="Cell.GRU"/> or <see cref="Cell.LSTM"/>.</param>
    /// <param name="layers">The network's input width, cell sizes and output width.</param>
    /// <param name="output">The network's output activation.</param>
    /// <param name="parameters">Receives the parameters in the network's <c>CopyParametersTo</c> order; untouched when the model is refused.</param>
    /// <exception cref="InvalidDataException">The model is not a recurrent network this one can hold, or is in float64.</exception>
    public static void Read(Stream stream, Cell cell, ReadOnlySpan<int> layers, Activation output, Span<float> parameters)
    {
        double[] values = ReadRecurrent(stream, cell, layers.ToArray(), output, Precision.Single, parameters.Length, nameof(parameters));
        for (int p = 0; p < values.Length; p++)
        {
            // Exact: a float64 model is refused for a float network, so every value came from a float.
            parameters[p] = (float)values[p];
        }
    }

    private static double[] ReadRecurrent(Stream stream, Cell cell, int[] layers, Activation output, Precision precision, int room, string roomArgument)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long count = OnnxRecurrentModel.ParameterCountOf(cell, layers, nameof(cell), nameof(layers));
        string network = OnnxRecurrentModel.Describe(cell, layers, output, precision.ToString());
        if (room != count)
        {
            throw new ArgumentException($"A {network} network has {count} parameters; room for {room} was given.", roomArgument);
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        OnnxRecurrentModel model = OnnxChainReader.ReadRecurrent(buffer.ToArray());
        string? mismatch = model.Mismatch(cell, layers, output, precision == Precision.Single, network);
        if (mismatch is not null)
        {
            throw new InvalidDataException(mismatch + ".");
        }

        return model.Parameters();
    }
}
