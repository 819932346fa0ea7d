using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.StraightLine;

/// <summary>
/// Writes the guard between the new values and the fields that keeps a NaN or an infinity out of
/// the parameters and the optimizer's state. A NaN or infinite input hides from the loss behind a
/// sigmoid, and finite but huge arguments (an input of 1e308, a learning rate of 1e308) overflow in
/// the update itself; either would spread into every weight it touches, silently.
/// </summary>
/// <remarks>
/// w - w is 0 for every finite w and NaN for NaN or an infinity, so the loss plus w - w of every new
/// value is finite exactly when all of them are. That covers the sample too: every input and every
/// activation is multiplied into the new value of a weight it feeds, and 0 * infinity is NaN.
/// One subtraction and one addition per checked value, grouped per neuron so that the additions do
/// not form one long chain; beside the chain the next sample waits on, not on it.
/// </remarks>
internal static class FiniteCheckWriter
{
    /// <summary>
    /// <c>check = loss + (w' - w') + ...</c> over every new value, then: if check is not finite,
    /// return <paramref name="returned"/> before any field changes.
    /// </summary>
    public static void WriteStepCheck(SourceWriter writer, EmitContext context, string loss, string returned)
    {
        NetworkShape shape = context.Shape;
        var groups = new List<string> { loss };
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                IEnumerable<string> parameters = Enumerable.Range(0, shape.Size(layer - 1)).Select(i => shape.Weight(layer, neuron, i))
                    .Append(shape.Bias(layer, neuron));
                groups.Add("(" + string.Join(" + ", parameters.SelectMany(p => UpdateWriter.CheckedValues(context, p)).Select(v => $"({v} - {v})")) + ")");
            }
        }

        writer.WriteLine();
        writer.WriteComment("Guard: no NaN or infinity may reach the parameters or the optimizer's state. w - w is 0 for a finite w and " +
            $"NaN otherwise, so check is finite exactly when {loss} and every new value are; then the fields take them. " +
            "Otherwise the step changes nothing and returns check.");
        ForwardPassWriter.WriteSum(writer, $"{shape.NumberType.Name} check", groups);
        WriteReturnIfNotFinite(writer, shape.NumberType, "check", returned);
    }

    /// <summary>The blocked TrainBatch's check of the loss sum, which carries every row's z - z, before the step is worked out.</summary>
    public static void WriteBatchCheck(SourceWriter writer, NumberType number)
    {
        writer.WriteComment("A NaN or infinity in any row, or in the loss, makes lossSum NaN or infinite: then the step changes nothing.");
        WriteReturnIfNotFinite(writer, number, "lossSum", "lossSum / rows");
        writer.WriteLine();
    }

    public static void WriteReturnIfNotFinite(SourceWriter writer, NumberType number, string value, string returned)
    {
        writer.OpenBlock($"if (!{number.Name}.IsFinite({value}))");
        writer.WriteLine($"return {returned};");
        writer.CloseBlock();
    }
}
