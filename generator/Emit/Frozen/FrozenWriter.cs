using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Unrolled.Generator.Model;
using Unrolled.Generator.Emit.Blocked;
using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Emit.StraightLine;

namespace Unrolled.Generator.Emit.Frozen;

/// <summary>
/// Writes a frozen network: the weights read from its file at compile time, as constants (or one
/// static array in the blocked layout), and the members that only predict. Every literal
/// round-trips to the very bits in the file.
/// </summary>
internal static class FrozenWriter
{
    private const int ValuesPerLine = 4;

    /// <summary>The lesson part: the constants and Predict, one sample through the trained weights.</summary>
    public static void WriteLesson(SourceWriter writer, EmitContext context)
    {
        FrozenWeights frozen = context.Spec.Frozen!;
        DeclarationsWriter.WriteConstants(writer, context);
        if (context.Spec.Layout == NetworkLayout.Blocked)
        {
            WriteBlockedParameters(writer, context, frozen);
            writer.WriteLine();
            BlockedMethodsWriter.WritePredict(writer, context);
            writer.WriteLine();
            BlockedPassesWriter.WriteForwardPass(writer, context);
            return;
        }

        WriteConstants(writer, context, frozen);
        writer.WriteLine();
        TrainingMethodsWriter.WritePredict(writer, context);
    }

    /// <summary>The machinery part: batches, the parameters as an array, ONNX and the interface.</summary>
    public static void WriteMachinery(SourceWriter writer, EmitContext context)
    {
        DeclarationsWriter.WriteLayerSizes(writer, context);
        PersistenceWriter.WriteDescription(writer, context);
        writer.WriteLine();
        if (context.Spec.Layout == NetworkLayout.Blocked)
        {
            BlockedBatchWriter.WriteBuffers(writer, context, training: false);
            BlockedBatchWriter.WritePredictBatch(writer, context);
            writer.WriteLine();
            BlockedMethodsWriter.WriteCopyParametersTo(writer, context);
            BlockedBatchWriter.WritePasses(writer, context, training: false);
            writer.WriteLine();
            BlockedPassesWriter.WriteDotProduct(writer, context.Code!);
        }
        else
        {
            BatchMethodsWriter.WritePredictBatch(writer, context);
            writer.WriteLine();
            ParameterMethodsWriter.WriteCopyParametersTo(writer, context);
        }

        writer.WriteLine();
        PersistenceWriter.WriteExportOnnx(writer, context);
        DeclarationsWriter.WriteInterfaceCounts(writer, context.PredictorInterface);
    }

    /// <summary>A C# literal for the number whose bits are <paramref name="bits"/>, exact to the last bit.</summary>
    public static string Literal(NumberType number, long bits)
    {
        if (number == NumberType.Single)
        {
            float value = BitConverter.ToSingle(BitConverter.GetBytes((int)bits), 0);
            return float.IsNaN(value) ? "float.NaN"
                : float.IsPositiveInfinity(value) ? "float.PositiveInfinity"
                : float.IsNegativeInfinity(value) ? "float.NegativeInfinity"
                : Decimal(value.ToString("G9", CultureInfo.InvariantCulture)) + "f";
        }

        double d = BitConverter.Int64BitsToDouble(bits);
        return double.IsNaN(d) ? "double.NaN"
            : double.IsPositiveInfinity(d) ? "double.PositiveInfinity"
            : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
            : Decimal(d.ToString("G17", CultureInfo.InvariantCulture));
    }

    // "1" and "-0" would be integers (and -0 an integer zero, losing the sign): give them a point.
    private static string Decimal(string text) => text.Contains(".") || text.Contains("E") ? text : text + ".0";

    private static void WriteConstants(SourceWriter writer, EmitContext context, FrozenWeights frozen)
    {
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

    private static void WriteBlockedParameters(SourceWriter writer, EmitContext context, FrozenWeights frozen)
    {
        NumberType number = context.Number;
        writer.WriteLine();
        writer.WriteComment($"The trained parameters, from {frozen.FileName}, in the documented order.");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private static readonly {number.Name}[] {GeneratedNames.ParametersArray} = new {number.Name}[]");
        writer.WriteLine("{");
        for (int start = 0; start < frozen.Bits.Count; start += ValuesPerLine)
        {
            IEnumerable<string> line = Enumerable.Range(start, Math.Min(ValuesPerLine, frozen.Bits.Count - start)).Select(p => Literal(number, frozen.Bits[p]));
            writer.WriteLine("    " + string.Join(", ", line) + ",");
        }

        writer.WriteLine("};");
        BlockedDeclarationsWriter.WriteLayout(writer, context, withTrainingBuffers: false);
    }
}
