using System;
using System.IO;
using System.Linq;
using Unrolled.Generator.Model;
using Unrolled.Onnx;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Reads a frozen network's weights from an ONNX model at compile time, with the runtime's own
/// ONNX reader (its source is linked into the generator), so that a model compiles in exactly
/// when ImportOnnx would accept it, and its numbers are the ones ImportOnnx would set.
/// </summary>
internal static class OnnxWeightsReader
{
    /// <summary>
    /// Where to read more about a model that cannot be read. The reader's own message already says
    /// what to change (what Unrolled imports, or to export the model again), so this adds no second
    /// piece of advice, only the page that explains the first.
    /// </summary>
    public const string Fix = "docs/persistence-and-frozen-networks.md (\"Bring a model trained in PyTorch\") lists what Unrolled imports";

    /// <summary>True for a weights file that is an ONNX model rather than a saved network.</summary>
    public static bool IsOnnx(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The parameters' bits (a double's 64, or a float's 32), or null with the reason in <paramref name="problem"/>.</summary>
    /// <remarks>
    /// For a spec with a <see cref="NetworkSpec.Cell"/>, the model is read as recurrent cells and an output
    /// layer, and the parameters come in the recurrent network's order (that of its CopyParametersTo).
    /// </remarks>
    public static long[]? Read(byte[] bytes, NetworkSpec spec, out string problem, out bool mismatch)
    {
        mismatch = false;
        bool single = spec.Options.Precision == Precision.Single;
        double[] parameters;
        string? why;
        try
        {
            if (spec.Cell == Cell.None)
            {
                OnnxChain chain = OnnxChainReader.Read(bytes);
                why = chain.Mismatch(spec.Sizes, spec.Activations, single, SavedNetworkReader.Describe(spec));
                parameters = why is null ? chain.Parameters() : [];
            }
            else
            {
                OnnxRecurrentModel model = OnnxChainReader.ReadRecurrent(bytes);
                string network = OnnxRecurrentModel.Describe(spec.Cell, spec.Sizes, spec.OutputActivation, spec.Options.Precision.ToString());
                why = model.Mismatch(spec.Cell, spec.Sizes, spec.OutputActivation, single, network);
                parameters = why is null ? model.Parameters() : [];
            }
        }
        catch (InvalidDataException exception)
        {
            problem = exception.Message.TrimEnd('.');
            return null;
        }

        if (why is not null)
        {
            mismatch = true;
            problem = why.Replace("it is being imported into", "the attribute declares");
            return null;
        }

        problem = string.Empty;
        return parameters
            .Select(value => single ? BitConverter.ToInt32(BitConverter.GetBytes((float)value), 0) & 0xFFFFFFFFL : BitConverter.DoubleToInt64Bits(value))
            .ToArray();
    }
}
