using System;
using System.IO;

namespace Unrolled.Onnx;

/// <summary>
/// Reads an ONNX model trained elsewhere (PyTorch's <c>torch.onnx.export</c> of an
/// <c>nn.Sequential</c> of <c>nn.Linear</c> layers and activations, or a Keras export) into a
/// network's parameters. The graph must be a chain of fully connected layers: <c>Gemm</c>
/// (transB 0 or 1, alpha = beta = 1), or <c>MatMul</c> then <c>Add</c>; each followed by its own
/// activation: <c>Sigmoid</c>, <c>Tanh</c>, <c>Relu</c>, <c>LeakyRelu</c> (slope 1/128),
/// <c>Softmax</c>, <c>Identity</c> or nothing (linear), GELU (exact: <c>nn.GELU()</c>'s
/// <c>Div</c>, <c>Erf</c>, <c>Add</c>, <c>Mul</c>, <c>Mul</c>, or <c>Gelu</c>) or SiLU
/// (<c>Sigmoid</c>, <c>Mul</c>). A <c>Flatten</c> over axis 1 of input declared
/// [N, features] (PyTorch's leading <c>nn.Flatten()</c>) does nothing and is passed over. Its
/// tensors are float or double, one number type throughout, in <c>raw_data</c> or the typed
/// fields, inside the file, and every number is finite. Everything is checked against the network
/// before a single parameter is written; a model that does not fit is an
/// <see cref="InvalidDataException"/> that says what the model is and what the network is, names
/// the first node it cannot map, or names the tensor that holds NaN or an infinity.
/// </summary>
public static partial class OnnxImport
{
    /// <summary>Reads the model in <paramref name="stream"/> into the parameters of a double network.</summary>
    /// <param name="stream">An ONNX model; read to its end and not closed.</param>
    /// <param name="expected">The network the parameters are for.</param>
    /// <param name="parameters">Receives the parameters in the documented order; untouched when the model is refused.</param>
    /// <exception cref="InvalidDataException">The model is not a chain of layers this network can hold.</exception>
    public static void Read(Stream stream, NetworkDescription expected, Span<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (parameters.Length != expected.ParameterCount)
        {
            throw new ArgumentException($"A {expected} network has {expected.ParameterCount} parameters; room for {parameters.Length} was given.", nameof(parameters));
        }

        ReadChecked(stream, expected, Precision.Double).CopyTo(parameters);
    }

    /// <summary>Reads the model in <paramref name="stream"/> into the parameters of a float network.</summary>
    /// <param name="stream">An ONNX model in float32; read to its end and not closed.</param>
    /// <param name="expected">The network the parameters are for.</param>
    /// <param name="parameters">Receives the parameters in the documented order; untouched when the model is refused.</param>
    /// <exception cref="InvalidDataException">The model is not a chain of layers this network can hold, or is in float64.</exception>
    public static void Read(Stream stream, NetworkDescription expected, Span<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (parameters.Length != expected.ParameterCount)
        {
            throw new ArgumentException($"A {expected} network has {expected.ParameterCount} parameters; room for {parameters.Length} was given.", nameof(parameters));
        }

        double[] values = ReadChecked(stream, expected, Precision.Single);
        for (int p = 0; p < values.Length; p++)
        {
            // Exact: a float64 model is refused for a float network, so every value came from a float.
            parameters[p] = (float)values[p];
        }
    }

    private static double[] ReadChecked(Stream stream, NetworkDescription expected, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (expected.Precision != precision)
        {
            throw new ArgumentException($"The description is for {expected.Precision} numbers, but {precision} parameters were given.", nameof(expected));
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        OnnxChain chain = OnnxChainReader.Read(buffer.ToArray());
        string? mismatch = chain.Mismatch(expected.Layers, expected.Activations,
            expected.Precision == Precision.Single, expected.ToString());
        if (mismatch is not null)
        {
            throw new InvalidDataException(mismatch + ".");
        }

        return chain.Parameters();
    }
}
