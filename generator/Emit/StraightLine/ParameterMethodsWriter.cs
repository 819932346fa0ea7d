using System.Linq;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.StraightLine;

/// <summary>Writes Randomize, CopyParametersTo and SetParameters, visiting parameters in the documented order.</summary>
internal static class ParameterMethodsWriter
{
    private const string Guard = GuardCode.TypeName;

    public static void WriteRandomize(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        MemberDocs.WriteRandomize(writer);
        writer.OpenBlock($"public void {GeneratedNames.Randomize}(ulong seed)");
        writer.WriteLine("global::Unrolled.SplitMix64 random = new global::Unrolled.SplitMix64(seed);");
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            writer.WriteLine();
            InitializerCode.WriteRange(writer, context, layer, string.Empty);
            // A neuron's weights side by side, like the rows of the fields above.
            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                writer.WriteStatements(Enumerable.Range(0, shape.Size(layer - 1))
                    .Select(i => $"{shape.Weight(layer, neuron, i)} = {InitializerCode.Draw(shape.NumberType, "r" + l)};"));
            }

            writer.WriteLine(string.Concat(Enumerable.Range(0, shape.Size(layer)).Select(neuron => shape.Bias(layer, neuron) + " = ")) + shape.NumberType.Zero + ";");
        }

        UpdateWriter.WriteReset(writer, context);
        writer.CloseBlock();
    }

    public static void WriteCopyParametersTo(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        MemberDocs.WriteCopyParametersTo(writer, context);
        writer.OpenBlock($"public {context.ReadonlyModifier}void {GeneratedNames.CopyParametersTo}({shape.NumberType.Span} destination)");
        writer.WriteLine($"{Guard}.MinimumLength(destination.Length, {GeneratedNames.ParameterCount}, \"destination\");");
        int index = 0;
        foreach (string field in GeneratedNames.ParameterFields(shape.Layers))
        {
            writer.WriteLine($"destination[{NetworkShape.Number(index++)}] = {field};");
        }

        writer.CloseBlock();
    }

    public static void WriteSetParameters(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        MemberDocs.WriteSetParameters(writer, context);
        writer.OpenBlock($"public void {GeneratedNames.SetParameters}({shape.NumberType.ReadOnlySpan} source)");
        writer.WriteLine($"{Guard}.ExactLength(source.Length, {GeneratedNames.ParameterCount}, \"source\");");
        int index = 0;
        foreach (string field in GeneratedNames.ParameterFields(shape.Layers))
        {
            writer.WriteLine($"{field} = source[{NetworkShape.Number(index++)}];");
        }

        UpdateWriter.WriteReset(writer, context);
        writer.CloseBlock();
    }
}
