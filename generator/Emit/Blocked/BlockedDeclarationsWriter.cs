using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>Writes the blocked layout's arrays and the constants that say where each layer starts in them.</summary>
internal static class BlockedDeclarationsWriter
{
    public static void Write(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout;
        writer.WriteLine();
        writer.WriteComment("All parameters in the documented order: layer by layer, the weights W{l}[j, i] row-major, then the biases b{l}[j].");
        WriteArray(writer, number, GeneratedNames.ParametersArray, GeneratedNames.ParameterCount, swapped: true);
        writer.WriteComment("TrainBatch's sums of every parameter's gradient over the rows, in the same order. A step writes the new parameters here " +
            "and, once every one is finite, swaps this array with the parameters': a step it refuses has changed nothing.");
        WriteArray(writer, number, GeneratedNames.GradientsArray, GeneratedNames.ParameterCount, swapped: true);
        WriteLayout(writer, context, withTrainingBuffers: true);
    }

    /// <summary>The activation buffers and the constants saying where each layer starts; the deltas only for a network that trains.</summary>
    public static void WriteLayout(SourceWriter writer, BlockedEmitContext context, bool withTrainingBuffers)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout;
        writer.WriteComment(withTrainingBuffers
            ? "One sample's activations of every layer after the input (a1 first, o last), and their deltas, kept for backpropagation."
            : "One sample's activations of every layer after the input (a1 first, o last).");
        WriteArray(writer, number, GeneratedNames.ActivationsArray, GeneratedNames.ActivationCount);
        if (withTrainingBuffers)
        {
            WriteArray(writer, number, GeneratedNames.DeltasArray, GeneratedNames.ActivationCount);
        }

        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            string columns = NetworkShape.Number(shape.Size(layer - 1));
            writer.WriteLine();
            writer.WriteComment($"Layer {l} ({shape.LayerTitle(layer)}): W{l}[j, i] is {GeneratedNames.ParametersArray}[{GeneratedNames.WeightsStart(layer)} + j * {columns} + i], " +
                $"b{l}[j] is {GeneratedNames.ParametersArray}[{GeneratedNames.BiasesStart(layer)} + j];");
            writer.WriteComment($"its activation {shape.Symbol(layer, "j")} is {GeneratedNames.ActivationsArray}[{GeneratedNames.ActivationsStart(layer)} + j] " +
                $"and its delta d{l}_j is {GeneratedNames.DeltasArray}[{GeneratedNames.ActivationsStart(layer)} + j].");
            writer.WriteLine(GeneratedCode.Attribute);
            writer.WriteLine($"private const int {GeneratedNames.WeightsStart(layer)} = {NetworkShape.Number(layout.WeightsStart(layer))}, " +
                $"{GeneratedNames.BiasesStart(layer)} = {NetworkShape.Number(layout.BiasesStart(layer))}, " +
                $"{GeneratedNames.ActivationsStart(layer)} = {NetworkShape.Number(layout.ActivationsStart(layer))};");
        }

        writer.WriteLine();
        if (layout.KeepsOutputZ)
        {
            string why = shape.Options.Loss == Model.Loss.CrossEntropy ? "which the cross-entropy is computed from" : "which its derivative is computed from";
            writer.WriteComment($"The output layer's z values, {why}, follow the activations from {GeneratedNames.OutputZStart}.");
            writer.WriteLine(GeneratedCode.Attribute);
            writer.WriteLine($"private const int {GeneratedNames.OutputZStart} = {NetworkShape.Number(layout.OutputZStart)};");
        }

        for (int layer = 1; layer < shape.OutputLayer; layer++)
        {
            if (layout.KeepsZ(layer))
            {
                writer.WriteComment($"Hidden layer {NetworkShape.Number(layer)}'s z values, which its {ActivationCode.Name(shape.ActivationOf(layer))}'s derivative is computed from, " +
                    $"start at {layout.ZStartName(layer)}.");
                writer.WriteLine(GeneratedCode.Attribute);
                writer.WriteLine($"private const int {layout.ZStartName(layer)} = {NetworkShape.Number(layout.ZStart(layer))};");
            }
        }

        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private const int {GeneratedNames.ActivationCount} = {NetworkShape.Number(layout.ActivationCount)};");
    }

    /// <summary>
    /// An array field of <paramref name="length"/> numbers, allocated with the network: readonly, unless a
    /// training step swaps it with its spare (<paramref name="swapped"/>).
    /// </summary>
    public static void WriteArray(SourceWriter writer, NumberType number, string name, string length, bool swapped = false)
    {
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private {(swapped ? string.Empty : "readonly ")}{number.Name}[] {name} = new {number.Name}[{length}];");
    }
}
