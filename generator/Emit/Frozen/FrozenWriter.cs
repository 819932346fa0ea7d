using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Model;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Frozen;

/// <summary>
/// Writes the weights of a frozen network, read from its file at compile time, as constants (or one
/// static array in the blocked layout). Every literal round-trips to the very bits in the file. The
/// layout emitters write the rest of a frozen network: the members that only predict.
/// </summary>
internal static class FrozenWriter
{
    /// <summary>A C# literal for the number whose bits are <paramref name="bits"/>, exact to the last bit.</summary>
    public static string Literal(NumberType number, long bits) => FrozenParameters.Literal(number, bits);

    /// <summary>The straight-line layout's parameters: one constant per weight and bias, layer by layer.</summary>
    public static void WriteParameterConstants(SourceWriter writer, EmitContext context)
    {
        FrozenWeights frozen = context.Spec.Frozen!;
        NetworkShape shape = context.Shape;
        var values = new Dictionary<string, string>();
        int index = 0;
        foreach (string field in GeneratedNames.ParameterFields(shape.Layers))
        {
            values[field] = Literal(shape.NumberType, frozen.Bits[index++]);
        }

        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            writer.WriteLine();
            writer.WriteComment($"Layer {l} ({shape.LayerTitle(layer)}): the trained W{l}[j, i] = _w{l}_j_i and b{l}[j] = _b{l}_j, from {frozen.FileName}.");
            writer.WriteLine(GeneratedCode.Attribute);
            writer.WriteLine($"private const {shape.NumberType.Name}");
            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                IEnumerable<string> names = Enumerable.Range(0, shape.Size(layer - 1))
                    .Select(input => shape.Weight(layer, neuron, input))
                    .Append(shape.Bias(layer, neuron));
                bool last = neuron == shape.Size(layer) - 1;
                writer.WriteLine("    " + string.Join(", ", names.Select(name => $"{name} = {values[name]}")) + (last ? ";" : ","));
            }
        }
    }

    /// <summary>The blocked layout's parameters: one static array in the documented order.</summary>
    public static void WriteParameterArray(SourceWriter writer, EmitContext context) => FrozenParameters.WriteArray(writer, context);
}
