using System;
using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Model;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.StraightLine;

/// <summary>
/// Writes the forward pass as one line per pre-activation and one per activation, with the
/// sigmoid written out at every neuron: no loops, no arrays, no helper calls.
/// </summary>
internal static class ForwardPassWriter
{
    /// <summary>Reads one sample's inputs from <paramref name="inputSpan"/> and computes every layer.</summary>
    public static void Write(SourceWriter writer, EmitContext context, string inputSpan) =>
        Write(writer, context, Lanes.Scalar(context.Shape.NumberType), i => $"{inputSpan}[{NetworkShape.Number(i)}]");

    /// <summary>Reads inputs x0..x{n-1} with <paramref name="readInput"/> and computes every layer up to the outputs o0..o{m-1}.</summary>
    public static void Write(SourceWriter writer, EmitContext context, Lanes lanes, Func<int, string> readInput)
    {
        NetworkShape shape = context.Shape;
        writer.WriteComment(shape.InputCount == 1 ? "The input x0." : $"The inputs x0..x{NetworkShape.Number(shape.InputCount - 1)}.");
        for (int i = 0; i < shape.InputCount; i++)
        {
            writer.WriteLine($"{lanes.Type} {shape.Activation(0, i)} = {readInput(i)};");
        }

        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            writer.WriteLine();
            WriteLayer(writer, context, lanes, layer);
        }
    }

    private static void WriteLayer(SourceWriter writer, EmitContext context, Lanes lanes, int layer)
    {
        NetworkShape shape = context.Shape;
        string l = NetworkShape.Number(layer);
        string j = shape.CurrentLetter(layer);
        string i = shape.PreviousLetter(layer);
        Activation activation = shape.ActivationOf(layer);
        writer.WriteComment($"Layer {l} ({shape.LayerTitle(layer)}): z{l}_{j} = sum_{i} W{l}[{j}, {i}] * {shape.Symbol(layer - 1, i)} + b{l}[{j}], " +
            $"{shape.Symbol(layer, j)} = {ActivationCode.Formula(activation, $"z{l}_{j}")}.");

        for (int neuron = 0; neuron < shape.Size(layer); neuron++)
        {
            IEnumerable<string> terms = Enumerable.Range(0, shape.Size(layer - 1))
                .Select(input => lanes.Times(shape.Weight(layer, neuron, input), shape.Activation(layer - 1, input)))
                .Append(lanes.Broadcast(shape.Bias(layer, neuron)));
            WriteSum(writer, $"{lanes.Type} {shape.PreActivation(layer, neuron)}", terms.ToList());
            if (activation != Activation.Softmax)
            {
                writer.WriteLine($"{lanes.Type} {shape.Activation(layer, neuron)} = {ActivationCode.Apply(activation, lanes, shape.PreActivation(layer, neuron))};");
            }
        }

        if (activation == Activation.Softmax)
        {
            WriteSoftmax(writer, context, lanes, layer);
        }
    }

    // Subtracting the largest z first leaves every exponent at or below 0, so no exp overflows and
    // the largest term is exactly 1; the outputs are unchanged, since the factor exp(-m) cancels.
    private static void WriteSoftmax(SourceWriter writer, EmitContext context, Lanes lanes, int layer)
    {
        NetworkShape shape = context.Shape;
        string l = NetworkShape.Number(layer);
        int size = shape.Size(layer);
        writer.WriteLine();
        writer.WriteComment($"Softmax: m = max_k z{l}_k, s_k = exp(z{l}_k - m), o_k = s_k / sum_k s_k; subtracting m keeps exp from overflowing.");
        string max = shape.PreActivation(layer, 0);
        for (int k = 1; k < size; k++)
        {
            max = lanes.Call("Max", max, shape.PreActivation(layer, k));
        }

        writer.WriteLine($"{lanes.Type} {shape.SoftmaxMax} = {max};");
        for (int k = 0; k < size; k++)
        {
            writer.WriteLine($"{lanes.Type} {shape.SoftmaxExp(k)} = {lanes.Exp}({shape.PreActivation(layer, k)} - {shape.SoftmaxMax});");
        }

        WriteSum(writer, $"{lanes.Type} {shape.SoftmaxSum}", [.. Enumerable.Range(0, size).Select(shape.SoftmaxExp)]);
        for (int k = 0; k < size; k++)
        {
            writer.WriteLine($"{lanes.Type} {shape.Activation(layer, k)} = {shape.SoftmaxExp(k)} / {shape.SoftmaxSum};");
        }
    }

    /// <summary>Writes <c>target = t0 + t1 + ...;</c>, wrapping long sums over several lines.</summary>
    public static void WriteSum(SourceWriter writer, string target, IReadOnlyList<string> terms)
    {
        string oneLine = $"{target} = {string.Join(" + ", terms)};";
        if (oneLine.Length <= writer.Room)
        {
            writer.WriteLine(oneLine);
            return;
        }

        // Too wide for one line: the terms follow, as many to a line as fit, each line after the first starting with '+'.
        writer.WriteLine($"{target} =");
        var line = new System.Text.StringBuilder("    ");
        for (int t = 0; t < terms.Count; t++)
        {
            string piece = terms[t] + (t == terms.Count - 1 ? ";" : string.Empty);
            if (line.Length > 6 && line.Length + 3 + piece.Length > writer.Room)
            {
                writer.WriteLine(line.ToString());
                line.Clear().Append("    +");
            }

            line.Append(line.Length > 5 ? " + " : " ").Append(piece);
        }

        writer.WriteLine(line.ToString());
    }
}
