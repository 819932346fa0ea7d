using System.Linq;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>
/// Writes the blocked layout's private passes. Each layer is written out on its own, with its sizes
/// as constants; inside a layer a loop visits the rows of its weight matrix, so the code stays the same
/// size however wide the layers are. The lesson's passes (forward, backward, the step) are loops over
/// span slices with the formulas in comments; the vector work they call is the machinery's
/// (<see cref="BlockedHelpersWriter"/>), a SIMD vector of weights at a time.
/// </summary>
internal static class BlockedPassesWriter
{
    public static void WriteForwardPass(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        BlockedLayout layout = context.Layout;
        BlockedCode code = context.Code;
        NumberType number = code.Number;
        writer.WriteLine($"/// <summary>Computes every layer of one sample, writing the activations to <paramref name=\"activations\"/>. The caller checks the lengths.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"private void {GeneratedNames.ForwardPass}({number.ReadOnlySpan} input, {number.Span} activations)");
        writer.WriteLine($"{number.ReadOnlySpan} parameters = {GeneratedNames.ParametersArray};");
        WriteInput(writer, context);
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            writer.WriteLine($"{number.Span} {layout.ActivationRef(layer)} = activations.Slice({GeneratedNames.ActivationsStart(layer)}, {NetworkShape.Number(shape.Size(layer))});");
        }

        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            if (layout.KeepsZ(layer))
            {
                writer.WriteLine($"{number.Span} {layout.ZRef(layer)} = activations.Slice({layout.ZStartName(layer)}, {NetworkShape.Number(shape.Size(layer))});");
            }
        }

        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            writer.WriteLine();
            WriteForwardLayer(writer, context, layer);
        }

        if (shape.OutputActivation == Model.Activation.Softmax)
        {
            writer.WriteLine();
            WriteSoftmax(writer, context);
        }

        writer.CloseBlock();
    }

    // One neuron at a time over span slices, as the formula reads; the dot product, the only loop as long
    // as the layer before, is the machinery's vectorised DotProduct.
    private static void WriteForwardLayer(SourceWriter writer, BlockedEmitContext context, int layer)
    {
        NetworkShape shape = context.Shape;
        BlockedLayout layout = context.Layout;
        NumberType number = context.Code.Number;
        string l = NetworkShape.Number(layer);
        string inputs = NetworkShape.Number(shape.Size(layer - 1));
        string previous = layout.ActivationRef(layer - 1);
        Model.Activation activation = shape.ActivationOf(layer);
        writer.WriteComment($"Layer {l} ({shape.LayerTitle(layer)}): z{l}_j = sum_i W{l}[j, i] * {shape.Symbol(layer - 1, "i")} + b{l}[j], " +
            $"then {shape.Symbol(layer, "j")} = {ActivationCode.Formula(activation, $"z{l}_j")}.");
        writer.WriteComment($"Row j of W{l} holds the {inputs} weights into neuron j; {GeneratedNames.DotProduct} sums them times {previous}, a vector at a time.");
        writer.OpenBlock($"for (int j = 0; j < {NetworkShape.Number(shape.Size(layer))}; j++)");
        writer.WriteLine($"{number.Name} z = {GeneratedNames.DotProduct}(parameters.Slice({GeneratedNames.WeightsStart(layer)} + j * {inputs}, {inputs}), {previous})" +
            $" + parameters[{GeneratedNames.BiasesStart(layer)} + j];");
        if (layout.KeepsZ(layer))
        {
            writer.WriteLine($"{layout.ZRef(layer)}[j] = z;");
        }

        if (activation != Model.Activation.Softmax)
        {
            writer.WriteLine($"{layout.ActivationRef(layer)}[j] = {ActivationCode.Apply(activation, Lanes.Scalar(number), "z")};");
        }

        writer.CloseBlock();
    }

    /// <summary>
    /// The machinery's dot product of a row of weights and the layer before it: two vectors at a time in two
    /// running sums, then the rest one at a time. Inlined, so the forward pass runs the loop it always ran.
    /// </summary>
    public static void WriteDotProduct(SourceWriter writer, BlockedCode code)
    {
        NumberType number = code.Number;
        writer.WriteLine("/// <summary>sum_i w_i * x_i over the values of <paramref name=\"w\"/>; <paramref name=\"x\"/> holds at least as many.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine(GeneratedCode.AggressiveInlining);
        writer.OpenBlock($"private static {number.Name} {GeneratedNames.DotProduct}({number.ReadOnlySpan} w, {number.ReadOnlySpan} x)");
        writer.WriteLine(code.RefToSpan("wr", "w", null));
        writer.WriteLine(code.RefToSpan("xr", "x", null));
        writer.WriteLine($"{code.Vector} sum0 = {code.VectorZero};");
        writer.WriteLine($"{code.Vector} sum1 = {code.VectorZero};");
        writer.WriteLine("int i = 0;");
        writer.OpenBlock($"for (; i <= w.Length - 2 * {code.Count}; i += 2 * {code.Count})");
        writer.WriteLine($"sum0 += {code.Load("wr", "i")} * {code.Load("xr", "i")};");
        writer.WriteLine($"sum1 += {code.Load("wr", $"i + {code.Count}")} * {code.Load("xr", $"i + {code.Count}")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{number.Name} sum = {code.Sum("sum0 + sum1")};");
        writer.OpenBlock("for (; i < w.Length; i++)");
        writer.WriteLine($"sum += {code.At("wr", "i")} * {code.At("xr", "i")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return sum;");
        writer.CloseBlock();
    }

    // o_k = exp(z_k - m) / sum_j exp(z_j - m) with m = max_j z_j: no exp can overflow.
    private static void WriteSoftmax(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout;
        string outputs = NetworkShape.Number(shape.OutputCount);
        string o = layout.ActivationRef(shape.OutputLayer);
        writer.WriteComment("Softmax: m = max_k z_k, o_k = exp(z_k - m) / sum_k exp(z_k - m); subtracting m keeps exp from overflowing.");
        writer.WriteLine($"{number.Name} m = zo[0];");
        writer.OpenBlock($"for (int k = 1; k < {outputs}; k++)");
        writer.WriteLine($"m = {number.Math}.Max(m, zo[k]);");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{number.Name} sum = {number.Zero};");
        writer.OpenBlock($"for (int k = 0; k < {outputs}; k++)");
        writer.WriteLine($"{number.Name} s = {number.Exp}(zo[k] - m);");
        writer.WriteLine($"{o}[k] = s;");
        writer.WriteLine("sum += s;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock($"for (int k = 0; k < {outputs}; k++)");
        writer.WriteLine($"{o}[k] /= sum;");
        writer.CloseBlock();
    }

    public static void WriteBackwardPass(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        BlockedLayout layout = context.Layout;
        NumberType number = context.Number;
        int output = shape.OutputLayer;
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Backpropagates one sample whose forward pass is in {GeneratedNames.ActivationsArray}: writes every delta to {GeneratedNames.DeltasArray}");
        writer.WriteLine("/// and returns the loss. The caller checks the length of <paramref name=\"target\"/>.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"private {number.Name} {GeneratedNames.BackwardPass}({number.ReadOnlySpan} target)");
        if (output > 1)
        {
            writer.WriteLine($"{number.ReadOnlySpan} parameters = {GeneratedNames.ParametersArray};");
        }

        writer.WriteLine($"{number.ReadOnlySpan} activations = {GeneratedNames.ActivationsArray};");
        writer.WriteLine($"{number.Span} deltas = {GeneratedNames.DeltasArray};");
        for (int layer = 1; layer <= output; layer++)
        {
            string start = GeneratedNames.ActivationsStart(layer);
            string size = NetworkShape.Number(shape.Size(layer));
            if (BackpropagationReadsActivation(shape, layer))
            {
                writer.WriteLine($"{number.ReadOnlySpan} {layout.ActivationRef(layer)} = activations.Slice({start}, {size});");
            }

            writer.WriteLine($"{number.Span} {layout.DeltaRef(layer)} = deltas.Slice({start}, {size});");
        }

        for (int layer = 1; layer <= output; layer++)
        {
            if (layout.KeepsZ(layer))
            {
                writer.WriteLine($"{number.ReadOnlySpan} {layout.ZRef(layer)} = activations.Slice({layout.ZStartName(layer)}, {NetworkShape.Number(shape.Size(layer))});");
            }
        }

        writer.WriteLine();
        WriteOutputDeltas(writer, context);

        for (int layer = output - 1; layer >= 1; layer--)
        {
            writer.WriteLine();
            WriteHiddenDeltas(writer, context, layer);
        }

        writer.WriteLine();
        LossCode loss = LossCode.For(shape);
        writer.WriteLine($"return {loss.Total(Lanes.Scalar(number), loss.Accumulator)};");
        writer.CloseBlock();
    }

    /// <summary>
    /// Whether backpropagation reads layer <paramref name="layer"/>'s activations: the output's always; a hidden
    /// layer's only for a derivative taken from a (not for a linear one, nor for GELU or SiLU, taken from z).
    /// </summary>
    public static bool BackpropagationReadsActivation(NetworkShape shape, int layer)
    {
        Model.Activation activation = shape.ActivationOf(layer);
        return layer == shape.OutputLayer || (activation != Model.Activation.Linear && !ActivationCode.NeedsZ(activation));
    }

    private static void WriteOutputDeltas(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout;
        LossCode loss = LossCode.For(shape);
        string L = NetworkShape.Number(shape.OutputLayer);
        string outputs = NetworkShape.Number(shape.OutputCount);
        Lanes scalar = Lanes.Scalar(number);
        writer.WriteComment($"Output layer: {loss.LoopComment}; delta d{L}_k = dE/dz{L}_k = {loss.OutputDeltaFormula}.");
        if (loss.NeedsSoftmaxNormaliser)
        {
            writer.WriteLine($"{number.Name} m = zo[0];");
            writer.OpenBlock($"for (int k = 1; k < {outputs}; k++)");
            writer.WriteLine($"m = {number.Math}.Max(m, zo[k]);");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"{number.Name} expSum = {number.Zero};");
            writer.OpenBlock($"for (int k = 0; k < {outputs}; k++)");
            writer.WriteLine($"expSum += {number.Exp}(zo[k] - m);");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"{number.Name} logSum = {number.Math}.Log(expSum);");
        }

        writer.WriteLine($"{number.Name} {loss.Accumulator} = {number.Zero};");
        if (loss.LoopNote is { } note)
        {
            writer.WriteComment(note);
        }

        if (loss.NeedsSoftmaxNormaliser)
        {
            writer.WriteLine($"{number.Name} targetSum = {number.Zero};");
            writer.OpenBlock($"for (int k = 0; k < {outputs}; k++)");
            writer.WriteLine("targetSum += target[k];");
            writer.CloseBlock();
            writer.WriteLine();
        }

        string z = "zo[k]";
        var values = new LossCode.OutputValues("ok", "tk", "e", "zk", layout.KeepsOutputZ ? z : null);
        writer.OpenBlock($"for (int k = 0; k < {outputs}; k++)");
        writer.WriteLine($"{number.Name} ok = {layout.ActivationRef(shape.OutputLayer)}[k];");
        writer.WriteLine($"{number.Name} tk = target[k];");
        if (!loss.NeedsSoftmaxNormaliser)
        {
            // The softmax's delta reads o_k and t_k, not e_k: no error local is written for it.
            writer.WriteLine($"{number.Name} e = ok - tk;");
        }

        if (loss.ReadsZ)
        {
            writer.WriteLine($"{number.Name} zk = {z};");
        }

        writer.WriteLine($"{loss.Accumulator} += {loss.Term(scalar, values)};");
        writer.WriteLine($"{layout.DeltaRef(shape.OutputLayer)}[k] = {loss.Delta(scalar, values)};");
        writer.CloseBlock();
    }

    // d{l}_j = (sum_k W{l+1}[k, j] * d{l+1}_k) * f'(a_j). Row k of W{l+1} holds the weights out of every
    // neuron j, so the machinery's BackpropagatedSums sums a vector of neurons j at once, row by row; then
    // each delta takes its derivative, a value at a time as the formula reads.
    private static void WriteHiddenDeltas(SourceWriter writer, BlockedEmitContext context, int layer)
    {
        NetworkShape shape = context.Shape;
        BlockedLayout layout = context.Layout;
        NumberType number = context.Number;
        string l = NetworkShape.Number(layer);
        string next = NetworkShape.Number(layer + 1);
        string neurons = NetworkShape.Number(shape.Size(layer));
        string nextNeurons = NetworkShape.Number(shape.Size(layer + 1));
        string d = layout.DeltaRef(layer);
        Model.Activation activation = shape.ActivationOf(layer);
        bool fromZ = ActivationCode.NeedsZ(activation);
        string? derivative = ActivationCode.Derivative(activation, Lanes.Scalar(number), "aj", fromZ ? $"{layout.ZRef(layer)}[j]" : null);
        bool helper = derivative is not null && BlockedHelpersWriter.DerivativeNeedsHelper(context, activation);
        string sums = $"Row k of W{next} holds the weights out of every neuron j: {BlockedHelpersWriter.BackpropagatedSums} adds up the rows " +
            $"times d{next}_k into d{l}, a vector of neighbouring neurons j at a time";
        writer.WriteComment($"Hidden layer {l}: d{l}_j = {Formulas.HiddenDelta(activation, l, next)}, with W{next} as the forward pass used it.");
        writer.WriteComment(derivative is null ? sums + "."
            : helper ? sums + $"; then {BlockedHelpersWriter.DerivativeHelper(activation)} multiplies them by the derivative, a vector at a time."
            : sums + "; then each d_j takes its derivative.");
        writer.WriteLine($"{BlockedHelpersWriter.BackpropagatedSums}(parameters.Slice({GeneratedNames.WeightsStart(layer + 1)}, {nextNeurons} * {neurons}), " +
            $"{layout.DeltaRef(layer + 1)}, {d});");
        if (derivative is null)
        {
            return;
        }

        if (helper)
        {
            string values = fromZ ? layout.ZRef(layer) : layout.ActivationRef(layer);
            writer.WriteLine($"{BlockedHelpersWriter.DerivativeHelper(activation)}({values}, {d});");
            return;
        }

        writer.OpenBlock($"for (int j = 0; j < {neurons}; j++)");
        if (!fromZ)
        {
            writer.WriteLine($"{number.Name} aj = {layout.ActivationRef(layer)}[j];");
        }

        writer.WriteLine($"{d}[j] *= {Unbracketed(derivative)};");
        writer.CloseBlock();
    }

    // "(aj * (1.0 - aj))" without its outer brackets, which *= does not need; a conditional keeps them.
    private static string Unbracketed(string expression)
    {
        if (!expression.StartsWith("(", System.StringComparison.Ordinal) || expression.Contains("?"))
        {
            return expression;
        }

        int depth = 0;
        for (int i = 0; i < expression.Length; i++)
        {
            depth += expression[i] == '(' ? 1 : expression[i] == ')' ? -1 : 0;
            if (depth == 0 && i < expression.Length - 1)
            {
                return expression;
            }
        }

        return expression.Substring(1, expression.Length - 2);
    }

    /// <summary>
    /// Train's and TrainBatch's guard: the sum of x - x over the input and every activation of the
    /// sample, which is 0 when all of them are finite and NaN when one is NaN or infinite.
    /// </summary>
    public static void WriteZeroIfFinite(SourceWriter writer, BlockedEmitContext context)
    {
        BlockedCode code = context.Code;
        NumberType number = code.Number;
        writer.WriteLine($"/// <summary>0 when <paramref name=\"input\"/> and every activation in {GeneratedNames.ActivationsArray} are finite, NaN otherwise: x - x is NaN only for NaN or infinity.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"private {number.Name} {GeneratedNames.ZeroIfFinite}({number.ReadOnlySpan} input)");
        writer.WriteLine($"{code.Vector} differences = {code.VectorZero};");
        writer.WriteLine($"{number.Name} difference = {number.Zero};");
        writer.WriteLine(code.RefToSpan("x", "input", null));
        WriteDifferenceLoops(writer, code, "x", GeneratedNames.InputCount);
        writer.WriteLine(code.RefToArray("a", GeneratedNames.ActivationsArray, null));
        WriteDifferenceLoops(writer, code, "a", GeneratedNames.ActivationCount);
        writer.WriteLine($"return difference + {code.Sum("differences")};");
        writer.CloseBlock();
    }

    private static void WriteDifferenceLoops(SourceWriter writer, BlockedCode code, string values, string count)
    {
        string index = values + "i";
        writer.WriteLine($"int {index} = 0;");
        writer.OpenBlock($"for (; {index} <= {count} - {code.Count}; {index} += {code.Count})");
        writer.WriteLine($"{code.Vector} v = {code.Load(values, index)};");
        writer.WriteLine("differences += v - v;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock($"for (; {index} < {count}; {index}++)");
        writer.WriteLine($"difference += {code.At(values, index)} - {code.At(values, index)};");
        writer.CloseBlock();
        writer.WriteLine();
    }

    /// <summary>
    /// Train's update: every parameter's new value (and its optimizer state's) goes to the spare arrays,
    /// and the method returns the sum of w - w over them: 0 when every one is finite, NaN otherwise.
    /// Train swaps the spares in only then, so a refused step changes nothing.
    /// </summary>
    public static void WriteStepAlongGradient(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        BlockedCode code = context.Code;
        NumberType number = code.Number;
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// {StepSummary(shape.Options.Optimizer)} The new values go to {GeneratedNames.GradientsArray}" +
            (shape.Options.Optimizer == Model.Optimizer.Sgd ? ", not over the old ones." : ", the optimizer's new state to its spares, not over the old ones."));
        writer.WriteLine("/// Returns the sum of w - w over the new values: 0 when every one is finite, NaN otherwise. Changes no parameter.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"private {number.Name} {GeneratedNames.StepAlongGradient}({number.ReadOnlySpan} input, {number.Name} learningRate)");
        OptimizerCode optimizer = OptimizerCode.For(shape.Options.Optimizer);
        BlockedLayout layout = context.Layout;
        writer.WriteLine($"{number.ReadOnlySpan} parameters = {GeneratedNames.ParametersArray};");
        writer.WriteLine($"{number.Span} {NewParameters} = {GeneratedNames.GradientsArray};");
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine($"{number.ReadOnlySpan} {slot.RefName} = {BlockedOptimizerWriter.StateArray(slot)};");
        }

        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine($"{number.Span} {BlockedOptimizerWriter.Spare(slot.RefName)} = {slot.SpareArray};");
        }

        if (shape.OutputLayer > 1)
        {
            writer.WriteLine($"{number.ReadOnlySpan} activations = {GeneratedNames.ActivationsArray};");
        }

        writer.WriteLine($"{number.ReadOnlySpan} deltas = {GeneratedNames.DeltasArray};");
        WriteInput(writer, context);
        for (int layer = 1; layer < shape.OutputLayer; layer++)
        {
            writer.WriteLine($"{number.ReadOnlySpan} {layout.ActivationRef(layer)} = activations.Slice({GeneratedNames.ActivationsStart(layer)}, {NetworkShape.Number(shape.Size(layer))});");
        }

        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            writer.WriteLine($"{number.ReadOnlySpan} {layout.DeltaRef(layer)} = deltas.Slice({GeneratedNames.ActivationsStart(layer)}, {NetworkShape.Number(shape.Size(layer))});");
        }

        writer.WriteComment("w - w of every new value: 0 while all are finite, NaN from the first that is not.");
        writer.WriteLine($"{number.Name} difference = {number.Zero};");
        optimizer.WriteStepPrelude(writer, number);
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            writer.WriteLine();
            WriteStepLayer(writer, context, optimizer, layer);
        }

        writer.WriteLine();
        writer.WriteLine("return difference;");
        writer.CloseBlock();
    }

    // The local of the spare parameter array, where StepAlongGradient writes the new values.
    private const string NewParameters = "newParameters";

    // dE/dW{l}[j, i] = d{l}_j * a{l-1}_i and dE/db{l}[j] = d{l}_j. Row j of W{l} and the activations a{l-1}
    // are contiguous, so the machinery's StepRows moves each row a vector of weights at a time; the biases and
    // the deltas are contiguous too, so StepBiases moves a vector of biases at a time.
    private static void WriteStepLayer(SourceWriter writer, BlockedEmitContext context, OptimizerCode optimizer, int layer)
    {
        NetworkShape shape = context.Shape;
        BlockedLayout layout = context.Layout;
        NumberType number = context.Number;
        string l = NetworkShape.Number(layer);
        string neurons = NetworkShape.Number(shape.Size(layer));
        string inputs = NetworkShape.Number(shape.Size(layer - 1));
        string previous = shape.Symbol(layer - 1, "i");
        string bias = $"{GeneratedNames.BiasesStart(layer)} + j";
        bool sgd = optimizer.State.Count == 0;
        if (sgd)
        {
            writer.WriteComment($"Layer {l}'s new values: W{l}[j, i] - learningRate * d{l}_j * {previous},  b{l}[j] - learningRate * d{l}_j.");
        }
        else
        {
            writer.WriteComment($"Layer {l}'s new values, from the gradients g = dE/dW{l}[j, i] = d{l}_j * {previous} and g = dE/db{l}[j] = d{l}_j;");
            optimizer.WriteFormula(writer);
        }

        writer.WriteComment($"{BlockedHelpersWriter.StepRows} writes the new weights of every row j to {NewParameters}" + (sgd ? "" : " (and their state to the spares)") +
            $", {BlockedHelpersWriter.StepBiases} the new biases, a vector at a time; each returns w - w summed over its new values.");
        string Weights(string span) => $"{span}.Slice({GeneratedNames.WeightsStart(layer)}, {neurons} * {inputs})";
        string[] arguments =
        [
            Weights("parameters"),
            .. optimizer.State.Select(slot => Weights(slot.RefName)),
            layout.ActivationRef(layer - 1),
            layout.DeltaRef(layer),
            .. BlockedHelpersWriter.RowScalars(optimizer),
            Weights(NewParameters),
            .. optimizer.State.Select(slot => Weights(BlockedOptimizerWriter.Spare(slot.RefName))),
        ];
        writer.WriteLine($"difference += {BlockedHelpersWriter.StepRows}({string.Join(", ", arguments)});");
        string Biases(string span) => $"{span}.Slice({GeneratedNames.BiasesStart(layer)}, {neurons})";
        string[] biasArguments =
        [
            Biases("parameters"),
            .. optimizer.State.Select(slot => Biases(slot.RefName)),
            layout.DeltaRef(layer),
            .. BlockedHelpersWriter.RowScalars(optimizer),
            Biases(NewParameters),
            .. optimizer.State.Select(slot => Biases(BlockedOptimizerWriter.Spare(slot.RefName))),
        ];
        writer.WriteLine($"difference += {BlockedHelpersWriter.StepBiases}({string.Join(", ", biasArguments)});");
    }

    /// <summary>
    /// StepAlongGradient's summary: the configured optimizer's rule for every parameter, in the symbols
    /// of the comments in its body (Formulas), so a Momentum or Adam network does not claim plain SGD.
    /// </summary>
    public static string StepSummary(Model.Optimizer optimizer)
    {
        string name = optimizer switch
        {
            Model.Optimizer.Sgd => "plain gradient descent",
            Model.Optimizer.Momentum => "momentum",
            Model.Optimizer.Adam => "Adam",
            Model.Optimizer.Rprop => "iRPROP-",
            _ => throw new System.ArgumentOutOfRangeException(nameof(optimizer), optimizer, "no summary for this optimizer"),
        };
        return $"Works out every weight and bias w moved by {name}, with its gradient g (dE/dW or dE/db, from the deltas in {GeneratedNames.DeltasArray}): " +
            XmlText(string.Join(", ", OptimizerCode.For(optimizer).Steps)) + ".";
    }

    // A formula in documentation: "sameSign < 0" would open an XML tag.
    private static string XmlText(string text) => text.Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>TrainBatch's per-row work: adds the row's gradients to the sums.</summary>
    public static void WriteAddGradients(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        BlockedLayout layout = context.Layout;
        BlockedCode code = context.Code;
        NumberType number = code.Number;
        writer.WriteLine($"/// <summary>Adds one sample's gradients, from the deltas in {GeneratedNames.DeltasArray}, to the sums in {GeneratedNames.GradientsArray}.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"private void {GeneratedNames.AddGradients}({number.ReadOnlySpan} input)");
        WriteAddLoops(writer, context);
        writer.CloseBlock();
    }

    /// <summary>The accumulators of a step's check: a vector ORed with w - w (all zero bits while finite), and a scalar sum for the tails.</summary>
    public static void WriteCheckAccumulators(SourceWriter writer, BlockedCode code)
    {
        writer.WriteComment("w - w of every new value: 0 while all are finite, NaN from the first that is not (ORed in the vectors: one cycle each).");
        writer.WriteLine($"{code.Vector} differences = {code.VectorZero};");
        writer.WriteLine($"{code.Number.Name} difference = {code.Number.Zero};");
    }

    /// <summary>The check's value: 0 when every new value was finite, NaN otherwise.</summary>
    public static string CheckValue(BlockedCode code) => $"difference + {code.Sum("differences")}";

    // dE/dW{l}[j, i] = d{l}_j * a{l-1}_i and dE/db{l}[j] = d{l}_j, added to TrainBatch's sums. Row j of
    // W{l} and the activations a{l-1} are contiguous, so a vector of them is done at once.
    private static void WriteAddLoops(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        BlockedLayout layout = context.Layout;
        BlockedCode code = context.Code;
        writer.WriteLine(code.RefToArray("gradients", GeneratedNames.GradientsArray, null));
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
            writer.WriteComment($"Add this row's gradients of layer {l}: dE/dW{l}[j, i] = d{l}_j * {shape.Symbol(layer - 1, "i")},  dE/db{l}[j] = d{l}_j.");
            writer.OpenBlock($"for (int j = 0; j < {NetworkShape.Number(shape.Size(layer))}; j++)");
            writer.WriteLine($"{code.Number.Name} step = {code.At(layout.DeltaRef(layer), "j")};");
            writer.WriteLine(code.RefToElement("w", "gradients", $"{GeneratedNames.WeightsStart(layer)} + j * {inputs}"));
            writer.WriteLine("int i = 0;");
            writer.OpenBlock($"for (; i <= {inputs} - {code.Count}; i += {code.Count})");
            writer.WriteLine(code.Store($"{code.Load("w", "i")} + {code.Load(previous, "i")} * step", "w", "i"));
            writer.CloseBlock();
            writer.WriteLine();
            writer.OpenBlock($"for (; i < {inputs}; i++)");
            writer.WriteLine($"{code.At("w", "i")} += step * {code.At(previous, "i")};");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"{code.At("gradients", GeneratedNames.BiasesStart(layer) + " + j")} += step;");
            writer.CloseBlock();
        }
    }

    /// <summary>The ref local of a whole state array: velocity, Adam's firstMoment and secondMoment, or Rprop's stepSizes and previousGradients.</summary>
    public static string StateArrayRef(BlockedEmitContext context, bool second) => context.Shape.Options.Optimizer switch
    {
        Model.Optimizer.Sgd or Model.Optimizer.Momentum => "velocity",
        Model.Optimizer.Adam => second ? "secondMoment" : "firstMoment",
        Model.Optimizer.Rprop => second ? "previousGradients" : "stepSizes",
        _ => throw new System.ArgumentOutOfRangeException(nameof(context), context.Shape.Options.Optimizer, "Unknown optimizer."),
    };

    // The input as a slice of constant length: the caller checked its length, and a constant lets the JIT unroll and
    // drop the checks of layer 1's loops as it does for the layers above, whose slices have constant lengths too.
    private static void WriteInput(SourceWriter writer, BlockedEmitContext context) =>
        writer.WriteLine($"{context.Code.Number.ReadOnlySpan} {context.Layout.ActivationRef(0)} = input.Slice(0, {NetworkShape.Number(context.Shape.Size(0))});");
}
