using System.Linq;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.StraightLine;

/// <summary>
/// Writes the check between backpropagation and the update that keeps a NaN or an infinity out of
/// the parameters: one NaN input would otherwise spread into every weight it touches, silently,
/// while the sigmoid still hides it from the loss.
/// </summary>
/// <remarks>
/// x - x is 0 for every finite x and NaN for NaN or an infinity. Every input reaches z1_0, and
/// every activation of layer l reaches z{l+1}_0, so these differences, added to the loss, are
/// finite exactly when the whole sample is. That costs two operations per layer, not per neuron.
/// </remarks>
internal static class FiniteCheckWriter
{
    /// <summary>The sum of z{l}_0 - z{l}_0 over every layer, for one row or a vector of rows.</summary>
    public static string Probe(EmitContext context) =>
        string.Join(" + ", Enumerable.Range(1, context.Shape.OutputLayer).Select(layer =>
        {
            string z = context.Shape.PreActivation(layer, 0);
            return $"({z} - {z})";
        }));

    /// <summary>Train's check: returns the NaN or infinite value before anything is changed.</summary>
    public static void WriteSampleCheck(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        writer.WriteLine();
        writer.WriteComment($"Guard: no NaN or infinity may reach the parameters. {Reach(context)}, and z - z is NaN unless z is " +
            "finite: if check is not finite, the step changes nothing and returns it.");
        writer.WriteLine($"{shape.NumberType.Name} check = loss + {Probe(context)};");
        WriteReturnIfNotFinite(writer, shape.NumberType, "check", "check");
    }

    // "Every x_i reaches z1_0, every a1_i reaches z2_0 and every a2_j reaches z3_0": why one neuron per layer covers them all.
    private static string Reach(EmitContext context)
    {
        NetworkShape shape = context.Shape;
        string[] reaches = [.. Enumerable.Range(1, shape.OutputLayer)
            .Select(layer => $"{shape.Symbol(layer - 1, shape.PreviousLetter(layer))} reaches {shape.PreActivation(layer, 0)}")];
        return "Every " + (reaches.Length == 1 ? reaches[0] : string.Join(", every ", reaches.Take(reaches.Length - 1)) + " and every " + reaches[reaches.Length - 1]);
    }

    /// <summary>TrainBatch's per-row part: the row's differences join the loss sum, which they leave unchanged when finite.</summary>
    public static void WriteRowProbe(SourceWriter writer, EmitContext context, string lossSum)
    {
        NetworkShape shape = context.Shape;
        writer.WriteComment("Each layer's z - z of its first neuron: 0 when every value of this row is finite, NaN when one is not.");
        writer.WriteLine($"{lossSum} += {Probe(context)};");
    }

    /// <summary>TrainBatch's check of the loss sum, which carries every row's differences.</summary>
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
