using System;
using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Model;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.StraightLine;

/// <summary>
/// Writes the loss, the deltas d{l}_j = dE/dz{l}_j layer by layer from the output back, and either
/// the in-place SGD update (one sample) or the gradient accumulation (a batch).
/// </summary>
internal static class BackpropagationWriter
{
    /// <summary>Writes e_k, the loss and every delta for one sample. Expects the forward pass's locals in scope.</summary>
    /// <param name="lossStatement">Makes the statement that keeps the sample's loss from its expression, e.g. <c>double loss = ...;</c>.</param>
    public static void WriteDeltas(SourceWriter writer, EmitContext context, string targetSpan, Func<string, string> lossStatement) =>
        WriteDeltas(writer, context, Lanes.Scalar(context.Shape.NumberType), k => $"{targetSpan}[{NetworkShape.Number(k)}]", lossStatement);

    /// <summary>Writes e_k, the loss and every delta, reading target k with <paramref name="readTarget"/>.</summary>
    public static void WriteDeltas(SourceWriter writer, EmitContext context, Lanes lanes, Func<int, string> readTarget, Func<string, string> lossStatement)
    {
        NetworkShape shape = context.Shape;
        LossCode loss = LossCode.For(shape);
        int output = shape.OutputLayer;
        string L = NetworkShape.Number(output);
        if (loss.ReadsTargetsTwice)
        {
            writer.WriteComment("The targets t_k.");
            for (int k = 0; k < shape.OutputCount; k++)
            {
                writer.WriteLine($"{lanes.Type} t{NetworkShape.Number(k)} = {readTarget(k)};");
            }

            readTarget = k => "t" + NetworkShape.Number(k);
            writer.WriteLine();
        }

        writer.WriteComment(loss.ErrorAndLossComment);
        for (int k = 0; k < shape.OutputCount && !loss.NeedsSoftmaxNormaliser; k++)
        {
            // The softmax's delta reads o_k and t_k, not e_k: no error local is written for it.
            writer.WriteLine($"{lanes.Type} {shape.Error(k)} = {shape.Activation(output, k)} - {readTarget(k)};");
        }

        if (loss.NeedsSoftmaxNormaliser)
        {
            writer.WriteLine($"{lanes.Type} {LogSum(context)} = {lanes.Call("Log", shape.SoftmaxSum)};");
        }

        LossCode.OutputValues Values(int k) => new(
            shape.Activation(output, k), readTarget(k), shape.Error(k), shape.PreActivation(output, k), shape.PreActivation(output, k),
            shape.SoftmaxMax, LogSum(context), "targetSum");
        string terms = string.Join(" + ", Enumerable.Range(0, shape.OutputCount).Select(k => loss.Term(lanes, Values(k))));
        writer.WriteLine(lossStatement(loss.Total(lanes, terms)));

        writer.WriteLine();
        writer.WriteComment($"Output delta d{L}_k = dE/dz{L}_k = {loss.OutputDeltaFormula}{loss.OutputDeltaNote}.");
        if (loss.NeedsSoftmaxNormaliser)
        {
            ForwardPassWriter.WriteSum(writer, $"{lanes.Type} targetSum", [.. Enumerable.Range(0, shape.OutputCount).Select(readTarget)]);
        }

        for (int k = 0; k < shape.OutputCount; k++)
        {
            writer.WriteLine($"{lanes.Type} {shape.Delta(output, k)} = {loss.Delta(lanes, Values(k))};");
        }

        for (int layer = output - 1; layer >= 1; layer--)
        {
            WriteHiddenDeltas(writer, context, lanes, layer);
        }
    }

    private static void WriteHiddenDeltas(SourceWriter writer, EmitContext context, Lanes lanes, int layer)
    {
        NetworkShape shape = context.Shape;
        string l = NetworkShape.Number(layer);
        string above = NetworkShape.Number(layer + 1);
        Activation activation = shape.ActivationOf(layer);
        writer.WriteLine();
        bool single = shape.Size(layer + 1) == 1;
        writer.WriteComment(single && activation != Activation.Linear
            ? $"Hidden delta d{l}_j = d{above}_0 * (W{above}[0, j] * {ActivationCode.DerivativeFormula(activation, $"a{l}_j")}), " +
              $"with W{above} as the forward pass used it."
            : $"Hidden delta d{l}_j = {Formulas.HiddenDelta(activation, l, above)}, with W{above} as the forward pass used it.");
        // The code reads in the order of the formula above it; the derivative is bracketed, so the
        // processor computes it while the deltas above are still running. With one neuron above, the
        // order is the one below instead: measured on W1, it is worth 15-30% (see docs/performance.md).
        for (int neuron = 0; neuron < shape.Size(layer); neuron++)
        {
            string? derivative = ActivationCode.Derivative(activation, lanes, shape.Activation(layer, neuron), shape.PreActivation(layer, neuron));
            string delta = $"{lanes.Type} {shape.Delta(layer, neuron)}";
            if (single)
            {
                // The weight joins the bracket, and the delta is one multiplication away from the delta above it.
                string weight = shape.Weight(layer + 1, 0, neuron);
                string factor = derivative is null ? weight : "(" + lanes.Times(weight, derivative) + ")";
                writer.WriteLine($"{delta} = {shape.Delta(layer + 1, 0)} * {factor};");
                continue;
            }

            string backSum = string.Join(" + ", Enumerable.Range(0, shape.Size(layer + 1))
                .Select(next => lanes.Times(shape.Weight(layer + 1, next, neuron), shape.Delta(layer + 1, next))));
            // With one neuron above, the sum is a single product and needs no brackets.
            string sum = shape.Size(layer + 1) == 1 ? backSum : "(" + backSum + ")";
            string line = derivative is null ? $"{delta} = {backSum};" : $"{delta} = {sum} * {derivative};";
            if (line.Length <= writer.Room)
            {
                writer.WriteLine(line);
                continue;
            }

            // Too wide: the products of the sum follow, as many to a line as fit.
            string[] products = [.. Enumerable.Range(0, shape.Size(layer + 1))
                .Select(next => lanes.Times(shape.Weight(layer + 1, next, neuron), shape.Delta(layer + 1, next)))];
            products[0] = "(" + products[0];
            products[products.Length - 1] += ")";
            writer.WriteLine($"{delta} =");
            writer.WritePacked("    ", products, " +", derivative is null ? ";" : $" * {derivative};");
        }
    }

    // ln(sum_k s_k), the softmax's normaliser in the log domain: ln o_k = z_k - m - ln(sum).
    private static string LogSum(EmitContext context) => "logSum" + NetworkShape.Number(context.Shape.OutputLayer);

    /// <summary>Writes the sums of every parameter's gradient over the rows of a batch, into accumulators named with <paramref name="prefix"/>.</summary>
    public static void WriteAccumulation(SourceWriter writer, EmitContext context, string prefix = "")
    {
        NetworkShape shape = context.Shape;
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            string j = shape.CurrentLetter(layer);
            string i = shape.PreviousLetter(layer);
            writer.WriteLine();
            writer.WriteComment($"Add this row's gradients of layer {l}: dE/dW{l}[{j}, {i}] = d{l}_{j} * {shape.Symbol(layer - 1, i)},  dE/db{l}[{j}] = d{l}_{j}.");
            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                string d = shape.Delta(layer, neuron);
                for (int input = 0; input < shape.Size(layer - 1); input++)
                {
                    writer.WriteLine($"{prefix}{shape.WeightGradient(layer, neuron, input)} += {d} * {shape.Activation(layer - 1, input)};");
                }

                writer.WriteLine($"{prefix}{shape.BiasGradient(layer, neuron)} += {d};");
            }
        }
    }

    /// <summary>Declares an accumulator per parameter, one line per neuron, each starting at <paramref name="initial"/>.</summary>
    public static void WriteAccumulatorDeclarations(SourceWriter writer, EmitContext context, Lanes lanes, string prefix, Func<string, string> initial)
    {
        NetworkShape shape = context.Shape;
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                string names = string.Join(", ", Enumerable.Range(0, shape.Size(layer - 1))
                    .Select(i => shape.WeightGradient(layer, neuron, i))
                    .Append(shape.BiasGradient(layer, neuron))
                    .Select(name => $"{prefix}{name} = {initial(name)}"));
                writer.WriteLine($"{lanes.Type} {names};");
            }
        }
    }
}
