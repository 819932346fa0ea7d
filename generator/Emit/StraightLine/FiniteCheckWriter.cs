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
/// w * 0 is 0 (or -0) for every finite w and NaN for NaN or an infinity, so the loss plus w * 0 of
/// every new value is finite exactly when all of them are, and the sum of zeros cannot overflow.
/// That covers the sample too: every input and every activation is multiplied into the new value of
/// a weight it feeds, and 0 * infinity is NaN. One multiplication and one addition per checked
/// value, beside the chain the next sample waits on, not on it: the fields are written after the
/// branch, which the processor predicts. A multiplication rather than w - w, because the processor
/// runs multiplications and additions on different units: on W1, w - w measured 1.11 times the
/// time of commit 347cc8d's Train and w * 0 1.08, in one run. The additions are grouped so that the
/// branch does not wait on one long chain of them.
/// </remarks>
internal static class FiniteCheckWriter
{
    /// <summary>
    /// <c>check = loss + w' * 0 + ...</c> over every new value, then: if check is not finite,
    /// return <paramref name="returned"/> before any field changes.
    /// </summary>
    public static void WriteStepCheck(SourceWriter writer, EmitContext context, string loss, string returned)
    {
        NetworkShape shape = context.Shape;
        // The output layer's new values are ready first (its deltas come first), so they join the sum
        // first; each layer's in balanced groups of up to four, so that values ready at the same time
        // are added two by two instead of one after another.
        var terms = new List<string> { loss };
        for (int layer = shape.OutputLayer; layer >= 1; layer--)
        {
            var differences = new List<string>();
            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                IEnumerable<string> parameters = Enumerable.Range(0, shape.Size(layer - 1)).Select(i => shape.Weight(layer, neuron, i))
                    .Append(shape.Bias(layer, neuron));
                differences.AddRange(parameters.SelectMany(p => UpdateWriter.CheckedValues(context, p)).Select(v => $"{v} * {shape.NumberType.Zero}"));
            }

            for (int start = 0; start < differences.Count; start += GroupSize)
            {
                List<string> group = differences.GetRange(start, System.Math.Min(GroupSize, differences.Count - start));
                string balanced = Grouped(group);
                if (group.Count > 2 && balanced.Length + 6 > writer.Room)
                {
                    terms.Add(Grouped(group.GetRange(0, 2)));
                    terms.Add(Grouped(group.GetRange(2, group.Count - 2)));
                }
                else
                {
                    terms.Add(balanced);
                }
            }
        }

        writer.WriteLine();
        writer.WriteComment($"Guard: w * 0 is 0 for a finite w, NaN otherwise. If {loss} or a new value is not finite, nothing changes.");
        ForwardPassWriter.WriteSum(writer, $"{shape.NumberType.Name} check", terms);
        GuardCode.WriteReturnIfNotFinite(writer, shape.NumberType, "check", returned);
    }

    private const int GroupSize = 4;

    // (((a) + (b)) + ((c) + (d))): the sum of the terms as one bracketed balanced tree, two additions deep for four.
    private static string Grouped(List<string> terms)
    {
        if (terms.Count == 1)
        {
            return terms[0];
        }

        int half = terms.Count / 2;
        return "(" + Grouped(terms.GetRange(0, half)) + " + " + Grouped(terms.GetRange(half, terms.Count - half)) + ")";
    }
}
