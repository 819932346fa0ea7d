using System.Linq;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.StraightLine;

/// <summary>Writes Randomize, CopyParametersTo and SetParameters, visiting parameters in the documented order.</summary>
internal static class ParameterMethodsWriter
{
    private const string Guard = "global::Unrolled.NetworkGuard";

    public static void WriteRandomize(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        WriteRandomizeDocs(writer);
        writer.OpenBlock($"public void {GeneratedNames.Randomize}(ulong seed)");
        writer.WriteLine("global::Unrolled.SplitMix64 random = new global::Unrolled.SplitMix64(seed);");
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            writer.WriteLine();
            WriteRange(writer, context, layer, string.Empty);
            // A neuron's weights side by side, like the rows of the fields above.
            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                writer.WriteStatements(Enumerable.Range(0, shape.Size(layer - 1))
                    .Select(i => $"{shape.Weight(layer, neuron, i)} = {Draw(shape.NumberType, "r" + l)};"));
            }

            writer.WriteLine(string.Concat(Enumerable.Range(0, shape.Size(layer)).Select(neuron => shape.Bias(layer, neuron) + " = ")) + shape.NumberType.Zero + ";");
        }

        UpdateWriter.WriteReset(writer, context);
        writer.CloseBlock();
    }

    /// <summary>
    /// Declares r{l}, the half-width of layer l's weight distribution: Glorot/Xavier
    /// sqrt(6 / (fanIn + fanOut)) for sigmoid, tanh and linear layers, He sqrt(6 / fanIn) for ReLU
    /// and LeakyReLU, whose outputs are zero for half the inputs and so need twice the variance.
    /// </summary>
    public static void WriteRange(SourceWriter writer, EmitContext context, int layer, string more)
    {
        NetworkShape shape = context.Shape;
        string l = NetworkShape.Number(layer);
        string fanIn = NetworkShape.Number(shape.Size(layer - 1));
        string fanOut = NetworkShape.Number(shape.Size(layer));
        if (shape.ActivationOf(layer) is Model.Activation.ReLU or Model.Activation.LeakyReLU)
        {
            writer.WriteComment($"Layer {l} ({ActivationCode.Name(shape.ActivationOf(layer))}, He): fanIn = {fanIn}, so r = sqrt(6 / {fanIn}){more}.");
            writer.WriteLine($"double r{l} = global::System.Math.Sqrt(6.0 / {fanIn});");
        }
        else
        {
            writer.WriteComment($"Layer {l} (Glorot): fanIn = {fanIn}, fanOut = {fanOut}, so r = sqrt(6 / ({fanIn} + {fanOut})){more}.");
            writer.WriteLine($"double r{l} = global::System.Math.Sqrt(6.0 / ({fanIn} + {fanOut}));");
        }
    }

    /// <summary>One weight from U(-r, r); the draw is a double, rounded once for float networks.</summary>
    public static string Draw(NumberType number, string range) =>
        number == NumberType.Double ? $"random.NextSymmetric({range})" : $"({number.Name})random.NextSymmetric({range})";

    public static void WriteRandomizeDocs(SourceWriter writer)
    {
        writer.WriteLine("/// <summary>Weights drawn from U(-r, r) by SplitMix64 from the seed; biases and optimizer state zero.</summary>");
        writer.WriteLine("/// <param name=\"seed\">Any value; equal seeds give equal networks.</param>");
        writer.WriteLine(GeneratedCode.Attribute);
    }

    public static void WriteCopyParametersTo(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        WriteCopyParametersToDocs(writer, context);
        writer.OpenBlock($"public {context.ReadonlyModifier}void {GeneratedNames.CopyParametersTo}({shape.NumberType.Span} destination)");
        writer.WriteLine($"{Guard}.MinimumLength(destination.Length, {GeneratedNames.ParameterCount}, \"destination\");");
        int index = 0;
        foreach (string field in GeneratedNames.ParameterFields(shape.Layers))
        {
            writer.WriteLine($"destination[{NetworkShape.Number(index++)}] = {field};");
        }

        writer.CloseBlock();
    }

    public static void WriteCopyParametersToDocs(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        string count = NetworkShape.Number(shape.ParameterCount);
        writer.WriteLine($"/// <summary>Copies the {count} parameters to <paramref name=\"destination\"/>: layer by layer, weights W[j, i] row-major, then biases.</summary>");
        writer.WriteLine($"/// <param name=\"destination\">At least {count} values.</param>");
        writer.WriteLine($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"destination\"/> holds fewer than {count} values.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
    }

    public static void WriteSetParameters(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        WriteSetParametersDocs(writer, context);
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

    public static void WriteSetParametersDocs(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        string count = NetworkShape.Number(shape.ParameterCount);
        writer.WriteLine($"/// <summary>Replaces all {count} parameters with <paramref name=\"source\"/>, in the order <see cref=\"{GeneratedNames.CopyParametersTo}\"/> writes them.</summary>");
        writer.WriteLine($"/// <param name=\"source\">Exactly {count} values.</param>");
        writer.WriteLine($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"source\"/> does not hold exactly {count} values; the network is left unchanged.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
    }
}
