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
/// One subtraction and one addition per checked value, beside the chain the next sample waits on,
/// not on it: the fields are written after the branch, which the processor predicts.
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
        var terms = new List<string> { loss };
        foreach (string parameter in GeneratedNames.ParameterFields(shape.Layers))
        {
            terms.AddRange(UpdateWriter.CheckedValues(context, parameter).Select(v => $"({v} - {v})"));
        }

        writer.WriteLine();
        writer.WriteComment($"Guard: w - w is 0 for a finite w, NaN otherwise. If {loss} or a new value is not finite, nothing changes.");
        ForwardPassWriter.WriteSum(writer, $"{shape.NumberType.Name} check", terms);
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
