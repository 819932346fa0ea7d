namespace Unrolled.Generator.Emit.Blocked;

/// <summary>
/// Writes the blocked layout's private passes. Each layer is written out on its own, with its sizes
/// as constants; inside a layer a loop visits the rows of its weight matrix, a SIMD vector of
/// weights at a time, so the code stays the same size however wide the layers are.
/// </summary>
internal static class BlockedPassesWriter
{
    public static void WriteForwardPass(SourceWriter writer, NetworkShape shape, BlockedLayout layout, BlockedCode code)
    {
        NumberType number = code.Number;
        writer.WriteLine($"/// <summary>Computes every layer of one sample, writing the activations to <paramref name=\"activations\"/>. The caller checks the lengths.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {GeneratedNames.ForwardPass}({number.ReadOnlySpan} input, {number.Span} activations)");
        writer.WriteLine(code.RefToArray("parameters", GeneratedNames.ParametersArray, null));
        writer.WriteLine(code.RefToSpan(layout.ActivationRef(0), "input", null));
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            writer.WriteLine(code.RefToSpan(layout.ActivationRef(layer), "activations", GeneratedNames.ActivationsStart(layer)));
        }

        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            writer.WriteLine();
            WriteForwardLayer(writer, shape, layout, code, layer);
        }

        writer.CloseBlock();
    }

    private static void WriteForwardLayer(SourceWriter writer, NetworkShape shape, BlockedLayout layout, BlockedCode code, int layer)
    {
        NumberType number = code.Number;
        string l = NetworkShape.Number(layer);
        string inputs = NetworkShape.Number(shape.Size(layer - 1));
        string previous = layout.ActivationRef(layer - 1);
        writer.WriteComment($"Layer {l} ({shape.LayerTitle(layer)}): z{l}_j = sum_i W{l}[j, i] * {shape.Symbol(layer - 1, "i")} + b{l}[j], " +
            $"then {shape.Symbol(layer, "j")} = sigmoid(z{l}_j) = 1 / (1 + exp(-z{l}_j)).");
        writer.WriteComment($"Row j of W{l} holds the {inputs} weights into neuron j; the sum takes two vectors of them at a time, in two running sums.");
        writer.OpenBlock($"for (int j = 0; j < {NetworkShape.Number(shape.Size(layer))}; j++)");
        writer.WriteLine(code.RefToElement("w", "parameters", $"{GeneratedNames.WeightsStart(layer)} + j * {inputs}"));
        writer.WriteLine($"{code.Vector} sum0 = {code.VectorZero};");
        writer.WriteLine($"{code.Vector} sum1 = {code.VectorZero};");
        writer.WriteLine("int i = 0;");
        writer.OpenBlock($"for (; i <= {inputs} - 2 * {code.Count}; i += 2 * {code.Count})");
        writer.WriteLine($"sum0 += {BlockedCode.Load("w", "i")} * {BlockedCode.Load(previous, "i")};");
        writer.WriteLine($"sum1 += {BlockedCode.Load("w", $"i + {code.Count}")} * {BlockedCode.Load(previous, $"i + {code.Count}")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{number.Name} z = {BlockedCode.Sum("sum0 + sum1")};");
        writer.OpenBlock($"for (; i < {inputs}; i++)");
        writer.WriteLine($"z += {BlockedCode.At("w", "i")} * {BlockedCode.At(previous, "i")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"z += {BlockedCode.At("parameters", GeneratedNames.BiasesStart(layer) + " + j")};");
        writer.WriteLine($"{BlockedCode.At(layout.ActivationRef(layer), "j")} = {number.One} / ({number.One} + {number.Exp}(-z));");
        writer.CloseBlock();
    }

    public static void WriteBackwardPass(SourceWriter writer, NetworkShape shape, BlockedLayout layout, BlockedCode code)
    {
        NumberType number = code.Number;
        int output = shape.OutputLayer;
        string L = NetworkShape.Number(output);
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Backpropagates one sample whose forward pass is in {GeneratedNames.ActivationsArray}: writes every delta to {GeneratedNames.DeltasArray}");
        writer.WriteLine("/// and returns the loss. The caller checks the length of <paramref name=\"target\"/>.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private {number.Name} {GeneratedNames.BackwardPass}({number.ReadOnlySpan} target)");
        writer.WriteLine(code.RefToArray("parameters", GeneratedNames.ParametersArray, null));
        writer.WriteLine(code.RefToSpan("t", "target", null));
        for (int layer = 1; layer <= output; layer++)
        {
            writer.WriteLine(code.RefToArray(layout.ActivationRef(layer), GeneratedNames.ActivationsArray, GeneratedNames.ActivationsStart(layer)));
            writer.WriteLine(code.RefToArray(layout.DeltaRef(layer), GeneratedNames.DeltasArray, GeneratedNames.ActivationsStart(layer)));
        }

        writer.WriteLine();
        writer.WriteComment($"Output layer: error e_k = o_k - t_k, loss E = 0.5 * sum_k e_k^2, delta d{L}_k = dE/dz{L}_k = e_k * o_k * (1 - o_k).");
        writer.WriteLine($"{number.Name} squares = {number.Zero};");
        writer.OpenBlock($"for (int k = 0; k < {NetworkShape.Number(shape.OutputCount)}; k++)");
        writer.WriteLine($"{number.Name} ok = {BlockedCode.At(layout.ActivationRef(output), "k")};");
        writer.WriteLine($"{number.Name} e = ok - {BlockedCode.At("t", "k")};");
        writer.WriteLine("squares += e * e;");
        writer.WriteLine($"{BlockedCode.At(layout.DeltaRef(output), "k")} = e * ok * ({number.One} - ok);");
        writer.CloseBlock();

        for (int layer = output - 1; layer >= 1; layer--)
        {
            writer.WriteLine();
            WriteHiddenDeltas(writer, shape, layout, code, layer);
        }

        writer.WriteLine();
        writer.WriteLine($"return {number.Half} * squares;");
        writer.CloseBlock();
    }

    // d{l}_j = (sum_k W{l+1}[k, j] * d{l+1}_k) * a_j * (1 - a_j). Row k of W{l+1} holds the weights
    // out of every neuron j, so a vector of neurons j is summed at once, row by row.
    private static void WriteHiddenDeltas(SourceWriter writer, NetworkShape shape, BlockedLayout layout, BlockedCode code, int layer)
    {
        NumberType number = code.Number;
        string l = NetworkShape.Number(layer);
        string next = NetworkShape.Number(layer + 1);
        string neurons = NetworkShape.Number(shape.Size(layer));
        string nextNeurons = NetworkShape.Number(shape.Size(layer + 1));
        string a = layout.ActivationRef(layer);
        string d = layout.DeltaRef(layer);
        string nextD = layout.DeltaRef(layer + 1);
        string weight = $"{GeneratedNames.WeightsStart(layer + 1)} + k * {neurons} + j";
        writer.WriteComment($"Hidden layer {l}: d{l}_j = (sum_k W{next}[k, j] * d{next}_k) * {shape.Symbol(layer, "j")} * (1 - {shape.Symbol(layer, "j")}), with W{next} as the forward pass used it.");
        writer.WriteComment($"Row k of W{next} holds the weights out of every neuron j, so a vector of neighbouring neurons j is done at once.");
        writer.OpenScope();
        writer.WriteLine("int j = 0;");
        writer.OpenBlock($"for (; j <= {neurons} - {code.Count}; j += {code.Count})");
        writer.WriteLine($"{code.Vector} sum = {code.VectorZero};");
        writer.OpenBlock($"for (int k = 0; k < {nextNeurons}; k++)");
        writer.WriteLine($"sum += {BlockedCode.Load("parameters", weight)} * {BlockedCode.At(nextD, "k")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{code.Vector} aj = {BlockedCode.Load(a, "j")};");
        writer.WriteLine(BlockedCode.Store($"sum * aj * ({code.VectorOne} - aj)", d, "j"));
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock($"for (; j < {neurons}; j++)");
        writer.WriteLine($"{number.Name} sum = {number.Zero};");
        writer.OpenBlock($"for (int k = 0; k < {nextNeurons}; k++)");
        writer.WriteLine($"sum += {BlockedCode.At("parameters", weight)} * {BlockedCode.At(nextD, "k")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{number.Name} aj = {BlockedCode.At(a, "j")};");
        writer.WriteLine($"{BlockedCode.At(d, "j")} = sum * aj * ({number.One} - aj);");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    /// <summary>Train's update: every parameter moves against its gradient, scaled by the learning rate.</summary>
    public static void WriteStepAlongGradient(SourceWriter writer, NetworkShape shape, BlockedLayout layout, BlockedCode code)
    {
        NumberType number = code.Number;
        writer.WriteLine($"/// <summary>Moves every weight and bias against its gradient, from the deltas in {GeneratedNames.DeltasArray}: W -= learningRate * dE/dW, b -= learningRate * dE/db.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {GeneratedNames.StepAlongGradient}({number.ReadOnlySpan} input, {number.Name} learningRate)");
        WriteGradientLoops(writer, shape, layout, code, GeneratedNames.ParametersArray, subtract: true);
        writer.CloseBlock();
    }

    /// <summary>TrainBatch's per-row work: adds the row's gradients to the sums.</summary>
    public static void WriteAddGradients(SourceWriter writer, NetworkShape shape, BlockedLayout layout, BlockedCode code)
    {
        NumberType number = code.Number;
        writer.WriteLine($"/// <summary>Adds one sample's gradients, from the deltas in {GeneratedNames.DeltasArray}, to the sums in {GeneratedNames.GradientsArray}.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {GeneratedNames.AddGradients}({number.ReadOnlySpan} input)");
        WriteGradientLoops(writer, shape, layout, code, GeneratedNames.GradientsArray, subtract: false);
        writer.CloseBlock();
    }

    // dE/dW{l}[j, i] = d{l}_j * a{l-1}_i and dE/db{l}[j] = d{l}_j. Train subtracts them, scaled by
    // the learning rate, from the parameters; TrainBatch adds them to its sums. Row j of W{l} and
    // the activations a{l-1} are contiguous, so a vector of them is updated at once.
    private static void WriteGradientLoops(SourceWriter writer, NetworkShape shape, BlockedLayout layout, BlockedCode code, string array, bool subtract)
    {
        NumberType number = code.Number;
        string target = subtract ? "parameters" : "gradients";
        string sign = subtract ? "-" : "+";
        writer.WriteLine(code.RefToArray(target, array, null));
        writer.WriteLine(code.RefToSpan(layout.ActivationRef(0), "input", null));
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            if (layer < shape.OutputLayer)
            {
                writer.WriteLine(code.RefToArray(layout.ActivationRef(layer), GeneratedNames.ActivationsArray, GeneratedNames.ActivationsStart(layer)));
            }

            writer.WriteLine(code.RefToArray(layout.DeltaRef(layer), GeneratedNames.DeltasArray, GeneratedNames.ActivationsStart(layer)));
        }

        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            string inputs = NetworkShape.Number(shape.Size(layer - 1));
            string previous = layout.ActivationRef(layer - 1);
            writer.WriteLine();
            writer.WriteComment(subtract
                ? $"Update layer {l}: W{l}[j, i] -= learningRate * d{l}_j * {shape.Symbol(layer - 1, "i")},  b{l}[j] -= learningRate * d{l}_j."
                : $"Add this row's gradients of layer {l}: dE/dW{l}[j, i] = d{l}_j * {shape.Symbol(layer - 1, "i")},  dE/db{l}[j] = d{l}_j.");
            writer.OpenBlock($"for (int j = 0; j < {NetworkShape.Number(shape.Size(layer))}; j++)");
            writer.WriteLine(subtract
                ? $"{number.Name} step = learningRate * {BlockedCode.At(layout.DeltaRef(layer), "j")};"
                : $"{number.Name} step = {BlockedCode.At(layout.DeltaRef(layer), "j")};");
            writer.WriteLine(code.RefToElement("w", target, $"{GeneratedNames.WeightsStart(layer)} + j * {inputs}"));
            writer.WriteLine("int i = 0;");
            writer.OpenBlock($"for (; i <= {inputs} - {code.Count}; i += {code.Count})");
            writer.WriteLine(BlockedCode.Store($"{BlockedCode.Load("w", "i")} {sign} {BlockedCode.Load(previous, "i")} * step", "w", "i"));
            writer.CloseBlock();
            writer.WriteLine();
            writer.OpenBlock($"for (; i < {inputs}; i++)");
            writer.WriteLine($"{BlockedCode.At("w", "i")} {sign}= step * {BlockedCode.At(previous, "i")};");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"{BlockedCode.At(target, GeneratedNames.BiasesStart(layer) + " + j")} {sign}= step;");
            writer.CloseBlock();
        }
    }
}
