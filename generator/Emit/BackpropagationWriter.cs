using System;
using System.Linq;

namespace Unrolled.Generator.Emit;

/// <summary>
/// Writes the loss, the deltas d{l}_j = dE/dz{l}_j layer by layer from the output back, and either
/// the in-place SGD update (one sample) or the gradient accumulation (a batch).
/// </summary>
internal static class BackpropagationWriter
{
    /// <summary>Writes e_k, the loss and every delta for one sample. Expects the forward pass's locals in scope.</summary>
    /// <param name="lossStatement">Receives the sample's loss expression, e.g. <c>double loss = {0};</c>.</param>
    public static void WriteDeltas(SourceWriter writer, NetworkShape shape, string targetSpan, string lossStatement) =>
        WriteDeltas(writer, shape, Lanes.Scalar(shape.NumberType), k => $"{targetSpan}[{NetworkShape.Number(k)}]", lossStatement);

    /// <summary>Writes e_k, the loss and every delta, reading target k with <paramref name="readTarget"/>.</summary>
    public static void WriteDeltas(SourceWriter writer, NetworkShape shape, Lanes lanes, Func<int, string> readTarget, string lossStatement)
    {
        writer.WriteComment("Error e_k = o_k - t_k and loss E = 0.5 * sum_k e_k^2 of this sample.");
        for (int k = 0; k < shape.OutputCount; k++)
        {
            writer.WriteLine($"{lanes.Type} {shape.Error(k)} = {shape.Activation(shape.OutputLayer, k)} - {readTarget(k)};");
        }

        string squares = string.Join(" + ", Enumerable.Range(0, shape.OutputCount).Select(k => $"{shape.Error(k)} * {shape.Error(k)}"));
        writer.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, lossStatement, lanes.Half(squares)));

        string L = NetworkShape.Number(shape.OutputLayer);
        writer.WriteLine();
        writer.WriteComment($"Output delta d{L}_k = dE/dz{L}_k = (o_k - t_k) * o_k * (1 - o_k).");
        for (int k = 0; k < shape.OutputCount; k++)
        {
            string o = shape.Activation(shape.OutputLayer, k);
            writer.WriteLine($"{lanes.Type} {shape.Delta(shape.OutputLayer, k)} = {shape.Error(k)} * {o} * ({lanes.One} - {o});");
        }

        for (int layer = shape.OutputLayer - 1; layer >= 1; layer--)
        {
            string l = NetworkShape.Number(layer);
            string above = NetworkShape.Number(layer + 1);
            writer.WriteLine();
            writer.WriteComment($"Hidden delta d{l}_j = (sum_k W{above}[k, j] * d{above}_k) * a{l}_j * (1 - a{l}_j), " +
                $"with W{above} as the forward pass used it.");
            // The derivative a * (1 - a) is known long before the deltas above it: bracketed, the
            // processor computes it while the output sigmoid is still running, and the delta waits
            // for one multiplication instead of two.
            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                string a = shape.Activation(layer, neuron);
                string backSum = string.Join(" + ", Enumerable.Range(0, shape.Size(layer + 1))
                    .Select(next => lanes.Times(shape.Weight(layer + 1, next, neuron), shape.Delta(layer + 1, next))));
                string derivative = $"({a} * ({lanes.One} - {a}))";
                // With one neuron above, its weight joins the bracket too, and the delta is a single
                // multiplication away from the delta above it.
                writer.WriteLine(shape.Size(layer + 1) == 1
                    ? $"{lanes.Type} {shape.Delta(layer, neuron)} = {shape.Delta(layer + 1, 0)} * ({lanes.Times(shape.Weight(layer + 1, 0, neuron), derivative)});"
                    : $"{lanes.Type} {shape.Delta(layer, neuron)} = ({backSum}) * {derivative};");
            }
        }
    }

    /// <summary>Writes the SGD step for one sample: every parameter moves against its gradient.</summary>
    public static void WriteUpdates(SourceWriter writer, NetworkShape shape, string learningRate)
    {
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            string j = shape.CurrentLetter(layer);
            string i = shape.PreviousLetter(layer);
            writer.WriteLine();
            writer.WriteComment($"Update layer {l}: W{l}[{j}, {i}] -= learningRate * d{l}_{j} * {shape.Symbol(layer - 1, i)},  b{l}[{j}] -= learningRate * d{l}_{j}.");
            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                string d = shape.Delta(layer, neuron);
                for (int input = 0; input < shape.Size(layer - 1); input++)
                {
                    // learningRate * x_i does not wait for the delta, so it is multiplied first:
                    // the next sample's forward pass, which reads this weight, waits one step less.
                    writer.WriteLine($"{shape.Weight(layer, neuron, input)} -= {d} * ({learningRate} * {shape.Activation(layer - 1, input)});");
                }

                writer.WriteLine($"{shape.Bias(layer, neuron)} -= {learningRate} * {d};");
            }
        }
    }

    /// <summary>Writes the sums of every parameter's gradient over the rows of a batch, into accumulators named with <paramref name="prefix"/>.</summary>
    public static void WriteAccumulation(SourceWriter writer, NetworkShape shape, string prefix = "")
    {
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
    public static void WriteAccumulatorDeclarations(SourceWriter writer, NetworkShape shape, Lanes lanes, string prefix, Func<string, string> initial)
    {
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

    /// <summary>Writes the batch update: each parameter moves by the mean of its accumulated gradient.</summary>
    public static void WriteMeanUpdates(SourceWriter writer, NetworkShape shape, string step)
    {
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            writer.WriteLine();
            writer.WriteComment($"Update layer {l} with the mean gradient: W{l} -= (learningRate / rows) * g_w{l},  b{l} -= (learningRate / rows) * g_b{l}.");
            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                for (int i = 0; i < shape.Size(layer - 1); i++)
                {
                    writer.WriteLine($"{shape.Weight(layer, neuron, i)} -= {step} * {shape.WeightGradient(layer, neuron, i)};");
                }

                writer.WriteLine($"{shape.Bias(layer, neuron)} -= {step} * {shape.BiasGradient(layer, neuron)};");
            }
        }
    }
}
