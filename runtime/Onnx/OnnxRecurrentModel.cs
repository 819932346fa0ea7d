using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

#if UNROLLED_GENERATOR
using Unrolled.Generator.Model;
#endif

namespace Unrolled.Onnx;

/// <summary>
/// One recurrent layer read from a GRU or LSTM node, its numbers already in PyTorch's gate order
/// (GRU r, z, n; LSTM i, f, g, o): what <c>nn.GRU</c> and <c>nn.LSTM</c> call weight_ih, weight_hh,
/// bias_ih and bias_hh.
/// </summary>
internal sealed class OnnxCell(OnnxNode node, int inputs, int hidden, double[] inputWeights, double[] hiddenWeights, double[] inputBiases, double[] hiddenBiases)
{
    /// <summary>The GRU or LSTM node.</summary>
    public OnnxNode Node { get; } = node;

    public int Inputs { get; } = inputs;

    public int Hidden { get; } = hidden;

    /// <summary>W_ih: gates x inputs, row-major.</summary>
    public double[] InputWeights { get; } = inputWeights;

    /// <summary>W_hh: gates x hidden, row-major.</summary>
    public double[] HiddenWeights { get; } = hiddenWeights;

    public double[] InputBiases { get; } = inputBiases;

    public double[] HiddenBiases { get; } = hiddenBiases;

    /// <summary>True when the weights are float64; false for float32.</summary>
    public bool IsDouble { get; set; }
}

/// <summary>
/// A model read as recurrent cells of one kind followed by one dense output layer: what it is
/// (cell, sizes, output activation, number type) and its parameters in the order of a recurrent
/// network's <c>CopyParametersTo</c> (PyTorch's <c>named_parameters()</c>). <see cref="Mismatch"/>
/// compares it with a network.
/// </summary>
/// <remarks>Shared with the generator as a linked file: netstandard2.0 API only.</remarks>
internal sealed class OnnxRecurrentModel(Cell cell, IReadOnlyList<OnnxCell> cells, OnnxLayer output)
{
    public Cell Cell { get; } = cell;

    public IReadOnlyList<OnnxCell> Cells { get; } = cells;

    /// <summary>The dense layer applied at every time step.</summary>
    public OnnxLayer Output { get; } = output;

    /// <summary>True when the model's numbers are float64; false for float32.</summary>
    public bool IsDouble => Output.IsDouble;

    /// <summary>The input width, each cell's size, the output width: as <c>[Network(...)]</c> takes them.</summary>
    public int[] Sizes => [Cells[0].Inputs, .. Cells.Select(c => c.Hidden), Output.Outputs];

    public long ParameterCount => Cells.Sum(c => (long)c.InputWeights.Length + c.HiddenWeights.Length + c.InputBiases.Length + c.HiddenBiases.Length)
        + Output.Weights.Length + Output.Biases.Length;

    /// <summary>
    /// Where ONNX's gate blocks come from in PyTorch's order: ONNX block k is PyTorch block
    /// <c>OnnxFromTorch(cell)[k]</c>. ONNX orders GRU gates z, r, h and LSTM gates i, o, f, c; PyTorch
    /// r, z, n and i, f, g, o.
    /// </summary>
    public static int[] OnnxFromTorch(Cell cell) => cell switch
    {
        Cell.GRU => [1, 0, 2],
        Cell.LSTM => [0, 3, 1, 2],
        Cell.None => throw new ArgumentOutOfRangeException(nameof(cell), cell, "A dense layer has no gates."),
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown cell."),
    };

    /// <summary>
    /// A recurrent network's parameter count: per cell gates x hidden x (inputs + hidden + 2), then the
    /// output layer's (hidden + 1) x outputs. Throws <see cref="ArgumentException"/> naming
    /// <paramref name="cellArgument"/> or <paramref name="layersArgument"/> for a network that cannot be.
    /// </summary>
    public static long ParameterCountOf(Cell cell, IReadOnlyList<int> layers, string cellArgument, string layersArgument)
    {
        if (cell is not (Cell.GRU or Cell.LSTM))
        {
            throw new ArgumentException($"A recurrent network's cell is GRU or LSTM, not {cell}.", cellArgument);
        }

        if (layers.Count < 3 || layers.Any(size => size < 1))
        {
            throw new ArgumentException($"A recurrent network has an input width, at least one cell and an output width, each at least 1; {string.Join("-", layers.Select(s => s.ToString(CultureInfo.InvariantCulture)))} was given.", layersArgument);
        }

        int gates = OnnxFromTorch(cell).Length;
        long count = 0;
        for (int layer = 1; layer < layers.Count - 1; layer++)
        {
            count += (long)gates * layers[layer] * (layers[layer - 1] + layers[layer] + 2);
        }

        return count + (((long)layers[layers.Count - 2] + 1) * layers[layers.Count - 1]);
    }

    /// <summary>"1-16-1 GRU (Linear output, float64)": a recurrent network as messages name it.</summary>
    public static string Describe(Cell cell, IEnumerable<int> sizes, Activation output, string numbers) =>
        $"{string.Join("-", sizes.Select(s => s.ToString(CultureInfo.InvariantCulture)))} {cell} ({output} output, {numbers})";

    public override string ToString() => Describe(Cell, Sizes, Output.Activation, IsDouble ? "float64" : "float32");

    /// <summary>
    /// Why this model cannot be imported into a recurrent network of this cell, these sizes, this output
    /// activation and precision, or null when it can. <paramref name="network"/> describes that network
    /// for the message. A float32 model fits a double network; a float64 model does not fit a float one.
    /// </summary>
    public string? Mismatch(Cell cell, IReadOnlyList<int> sizes, Activation output, bool singleNetwork, string network)
    {
        if (cell != Cell || !sizes.SequenceEqual(Sizes) || output != Output.Activation)
        {
            return $"The ONNX model holds a {this} network, but it is being imported into a {network} network";
        }

        if (IsDouble && singleNetwork)
        {
            return $"The ONNX model's numbers are float64, and the {network} network holds float32: its numbers would be rounded. Declare the network with Precision = Precision.Double, or export the model in float32 (model.float())";
        }

        if (Output.Activation == Activation.LeakyReLU && (float)Output.Slope != OnnxChain.LeakySlope)
        {
            return $"The ONNX model's {Output.ActivationNode} has LeakyReLU slope {((float)Output.Slope).ToString("R", CultureInfo.InvariantCulture)}, and Unrolled's LeakyReLU has slope 1/128 = 0.0078125; it is refused rather than rounded. Train and export with nn.LeakyReLU(0.0078125)";
        }

        return null;
    }

    /// <summary>Every parameter in the recurrent network's order: per cell W_ih, W_hh, b_ih, b_hh; then the output layer's W and b.</summary>
    public double[] Parameters()
    {
        var parameters = new double[ParameterCount];
        int offset = 0;
        foreach (OnnxCell c in Cells)
        {
            foreach (double[] block in new[] { c.InputWeights, c.HiddenWeights, c.InputBiases, c.HiddenBiases })
            {
                block.CopyTo(parameters, offset);
                offset += block.Length;
            }
        }

        Output.Weights.CopyTo(parameters, offset);
        Output.Biases.CopyTo(parameters, offset + Output.Weights.Length);
        return parameters;
    }
}
