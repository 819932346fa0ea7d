using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>
/// The machinery's helpers that do the blocked lesson's vector work, so that the lesson reads as loops over
/// spans: the forward pass's DotProduct, the backward pass's BackpropagatedSums (and the derivatives whose
/// vector code rounds unlike their scalar code), the update's StepRows and StepBiases. Each is inlined: the passes run the
/// vector loops they ran when those loops were written in them, operation for operation.
/// </summary>
internal static class BlockedHelpersWriter
{
    /// <summary>
    /// sums_j = sum_k weights_k * rows[k, j]: the deltas of the layer above sent back through its weights, the
    /// per-sample twin of the batch kernel of the same name.
    /// </summary>
    public const string BackpropagatedSums = GeneratedNames.BackpropagatedSums;

    /// <summary>Every row of a layer's weights moved by the optimizer, returning the sum of w - w over the new values.</summary>
    public const string StepRows = GeneratedNames.StepRows;

    /// <summary>A layer's biases moved by the optimizer, returning the sum of w - w over the new values.</summary>
    public const string StepBiases = GeneratedNames.StepBiases;

    private const string Inlined = GeneratedCode.AggressiveInlining;

    /// <summary>Every helper a trained blocked network's lesson calls, DotProduct first.</summary>
    public static void WriteAll(SourceWriter writer, BlockedEmitContext context)
    {
        BlockedPassesWriter.WriteDotProduct(writer, context.Code);
        if (context.Shape.OutputLayer > 1)
        {
            writer.WriteLine();
            WriteBackpropagatedSums(writer, context.Code);
        }

        foreach (Model.Activation activation in VectorDerivatives(context))
        {
            writer.WriteLine();
            WriteDerivativeHelper(writer, context, activation);
        }

        writer.WriteLine();
        WriteStepRows(writer, context);
        writer.WriteLine();
        WriteStepBiases(writer, context);
    }

    /// <summary>
    /// Whether the backward pass multiplies a hidden layer with <paramref name="activation"/> by its derivative
    /// through a helper, a vector at a time: every derivative has one, except one taken from z that calls exp
    /// where the compilation has no vector exp; the lesson writes that one as a loop.
    /// </summary>
    public static bool DerivativeNeedsHelper(BlockedEmitContext context, Model.Activation activation) =>
        ActivationCode.Derivative(activation, Lanes.Scalar(context.Number), "a", "z") is not null &&
        (!ActivationCode.NeedsZ(activation) || !ActivationCode.NeedsExp(activation) || context.Spec.HasVectorExp);

    /// <summary>The helper that multiplies deltas by the derivative of <paramref name="activation"/>: MultiplyBySiluDerivative.</summary>
    public static string DerivativeHelper(Model.Activation activation) => GeneratedNames.DerivativeHelper(activation);

    private static IEnumerable<Model.Activation> VectorDerivatives(BlockedEmitContext context) =>
        Enumerable.Range(1, context.Shape.OutputLayer - 1)
            .Select(context.Shape.ActivationOf)
            .Where(activation => DerivativeNeedsHelper(context, activation))
            .Distinct()
            .OrderBy(activation => activation);

    // Row k of the next layer's weights holds the weights out of every neuron j of this one, so a vector of
    // neighbouring j is summed at once, row by row, in a register; then the rest one at a time.
    private static void WriteBackpropagatedSums(SourceWriter writer, BlockedCode code)
    {
        NumberType number = code.Number;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// sums_j = sum_k weights_k * rows[k * sums.Length + j]: the rows of <paramref name=\"rows\"/>, each as long as");
        writer.WriteLine("/// <paramref name=\"sums\"/>, weighted and added up, a vector of neighbouring j at a time: the deltas of the");
        writer.WriteLine("/// layer above sent back through its weights.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine(Inlined);
        writer.OpenBlock($"private static void {BackpropagatedSums}({number.ReadOnlySpan} rows, {number.ReadOnlySpan} weights, {number.Span} sums)");
        writer.WriteLine(code.RefToSpan("w", "rows", null));
        writer.WriteLine(code.RefToSpan("d", "weights", null));
        writer.WriteLine(code.RefToSpan("s", "sums", null));
        writer.WriteLine("int n = sums.Length;");
        writer.WriteLine("int j = 0;");
        writer.OpenBlock($"for (; j <= n - {code.Count}; j += {code.Count})");
        writer.WriteLine($"{code.Vector} sum = {code.VectorZero};");
        writer.OpenBlock("for (int k = 0; k < weights.Length; k++)");
        writer.WriteLine($"sum += {code.Load("w", "k * n + j")} * {code.At("d", "k")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine(code.Store("sum", "s", "j"));
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("for (; j < n; j++)");
        writer.WriteLine($"{number.Name} sum = {number.Zero};");
        writer.OpenBlock("for (int k = 0; k < weights.Length; k++)");
        writer.WriteLine($"sum += {code.At("w", "k * n + j")} * {code.At("d", "k")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{code.At("s", "j")} = sum;");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static void WriteDerivativeHelper(SourceWriter writer, BlockedEmitContext context, Model.Activation activation)
    {
        BlockedCode code = context.Code;
        NumberType number = code.Number;
        bool fromZ = ActivationCode.NeedsZ(activation);
        string values = fromZ ? "z" : "a";
        string vectorDerivative = ActivationCode.Derivative(activation, VectorExpWriter.For(context, Lanes.NumericsVector(number)), "vj", fromZ ? "vj" : null)
            ?? throw new System.InvalidOperationException($"{activation} has no derivative to multiply by.");
        string scalarDerivative = ActivationCode.Derivative(activation, Lanes.Scalar(number), "vj", fromZ ? "vj" : null)!;
        writer.WriteLine($"/// <summary>d_j *= {ActivationCode.DerivativeFormula(activation, "a_j")} for every j, a vector at a time; " +
            $"<paramref name=\"{values}\"/> holds {values}_j.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine(Inlined);
        writer.OpenBlock($"private static void {DerivativeHelper(activation)}({number.ReadOnlySpan} {values}, {number.Span} d)");
        writer.WriteLine(code.RefToSpan("v", values, null));
        writer.WriteLine(code.RefToSpan("dr", "d", null));
        writer.WriteLine("int j = 0;");
        writer.OpenBlock($"for (; j <= d.Length - {code.Count}; j += {code.Count})");
        writer.WriteLine($"{code.Vector} vj = {code.Load("v", "j")};");
        writer.WriteLine(code.Store($"{code.Load("dr", "j")} * {vectorDerivative}", "dr", "j"));
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("for (; j < d.Length; j++)");
        writer.WriteLine($"{number.Name} vj = {code.At("v", "j")};");
        writer.WriteLine($"{code.At("dr", "j")} = {code.At("dr", "j")} * {scalarDerivative};");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    /// <summary>
    /// StepRows' parameters in order: the layer's weights, their state, the activations and deltas, the scalars
    /// the row factor and the step read, then the spans the new values go to.
    /// </summary>
    public static IReadOnlyList<string> StepRowsParameters(OptimizerCode optimizer, NumberType number) =>
    [
        $"{number.ReadOnlySpan} weights",
        .. optimizer.State.Select(slot => $"{number.ReadOnlySpan} {slot.RefName}"),
        $"{number.ReadOnlySpan} activations",
        $"{number.ReadOnlySpan} deltas",
        .. RowScalars(optimizer).Select(scalar => $"{number.Name} {scalar}"),
        $"{number.Span} newWeights",
        .. optimizer.State.Select(slot => $"{number.Span} {BlockedOptimizerWriter.Spare(slot.RefName)}"),
    ];

    /// <summary>
    /// StepBiases' parameters in order: the layer's biases, their state, the deltas, the scalars, then the spans
    /// the new values go to.
    /// </summary>
    public static IReadOnlyList<string> StepBiasesParameters(OptimizerCode optimizer, NumberType number) =>
    [
        $"{number.ReadOnlySpan} biases",
        .. optimizer.State.Select(slot => $"{number.ReadOnlySpan} {slot.RefName}"),
        $"{number.ReadOnlySpan} deltas",
        .. RowScalars(optimizer).Select(scalar => $"{number.Name} {scalar}"),
        $"{number.Span} newBiases",
        .. optimizer.State.Select(slot => $"{number.Span} {BlockedOptimizerWriter.Spare(slot.RefName)}"),
    ];

    /// <summary>The scalars StepRows and StepBiases read: those of the row factor (SGD's learning rate), then the step's.</summary>
    public static IReadOnlyList<string> RowScalars(OptimizerCode optimizer) =>
        [.. optimizer.RowFactorScalars.Concat(optimizer.StepScalars).Distinct()];

    // Row j of the layer's weights, and of their state, starts at j * activations.Length. Each weight w_i of
    // row j with gradient g_i = d_j * a_i moves by the optimizer's step, a vector at a time, then the rest one
    // at a time; w - w of the new values (and of the state the optimizer checks) is ORed into one vector for the
    // whole layer (all zero bits while they are finite) and summed once at the end, not once per row.
    private static void WriteStepRows(SourceWriter writer, BlockedEmitContext context)
    {
        BlockedCode code = context.Code;
        NumberType number = code.Number;
        OptimizerCode optimizer = OptimizerCode.For(context.Options.Optimizer);
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Every row j of a layer's weights moved by {optimizer.Name}, a vector of weights at a time: the gradient of");
        writer.WriteLine($"/// W[j, i] is d_j * a_i, with a_i in <paramref name=\"activations\"/> and d_j in <paramref name=\"deltas\"/>.");
        writer.WriteLine($"/// The new values go to <paramref name=\"newWeights\"/>" + (optimizer.State.Count == 0 ? "." : " and the new state's spans.") +
            " Returns the sum of w - w over them: 0 when every one is finite, NaN otherwise.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine(Inlined);
        writer.OpenBlock($"private static {number.Name} {StepRows}({string.Join(", ", StepRowsParameters(optimizer, number))})");
        writer.WriteLine(code.RefToSpan("w", "weights", null));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine(code.RefToSpan(slot.Slot, slot.RefName, null));
        }

        writer.WriteLine(code.RefToSpan("a", "activations", null));
        writer.WriteLine(code.RefToSpan("d", "deltas", null));
        writer.WriteLine(code.RefToSpan("newW", "newWeights", null));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine(code.RefToSpan(BlockedOptimizerWriter.Spare(slot.Slot), BlockedOptimizerWriter.Spare(slot.RefName), null));
        }

        optimizer.WriteVectorPrelude(writer, code.Vector);
        writer.WriteLine($"{code.Vector} differences = {code.VectorZero};");
        writer.WriteLine($"{number.Name} difference = {number.Zero};");
        writer.WriteLine("int n = activations.Length;");
        writer.OpenBlock("for (int j = 0; j < deltas.Length; j++)");
        writer.WriteLine($"{number.Name} {optimizer.RowFactor} = {optimizer.RowFactorValue(code.At("d", "j"))};");
        writer.WriteLine("int row = j * n;");
        writer.WriteLine("int i = 0;");
        writer.OpenBlock($"for (; i <= n - {code.Count}; i += {code.Count})");
        string[] loaded = [.. optimizer.State.Select(slot => code.Load(slot.Slot, "row + i"))];
        optimizer.WriteRowVector(writer, number, code.Vector, code.Load("a", "i"), new VectorNames(string.Empty, code.Load("w", "row + i"), loaded));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine(code.Store(slot.Local, BlockedOptimizerWriter.Spare(slot.Slot), "row + i"));
        }

        writer.WriteLine(code.Store("ww", "newW", "row + i"));
        writer.WriteLine($"differences |= {BlockedOptimizerWriter.Differences(optimizer, "ww", " | ")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("for (; i < n; i++)");
        string[] state = [.. optimizer.State.Select(slot => code.At(slot.Slot, "row + i"))];
        string[] locals = [.. optimizer.State.Select(slot => slot.Local)];
        optimizer.WriteRowScalar(writer, number, code.At("a", "i"), new StepNames("g", code.At("w", "row + i"), "ww", state, locals, "sameSign"));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine($"{code.At(BlockedOptimizerWriter.Spare(slot.Slot), "row + i")} = {slot.Local};");
        }

        writer.WriteLine($"{code.At("newW", "row + i")} = ww;");
        writer.WriteLine($"difference += {BlockedOptimizerWriter.Differences(optimizer, "ww", " + ")};");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"return difference + {code.Sum("differences")};");
        writer.CloseBlock();
    }

    // A bias is a weight whose input is always 1: bias b_j moves as a weight of row j would with a_i = 1, so the
    // row step's code steps a vector of neighbouring biases at once, with a vector of their row factors; then the
    // rest one at a time. Their w - w is ORed into a vector and summed once at the end.
    private static void WriteStepBiases(SourceWriter writer, BlockedEmitContext context)
    {
        BlockedCode code = context.Code;
        NumberType number = code.Number;
        OptimizerCode optimizer = OptimizerCode.For(context.Options.Optimizer);
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// A layer's biases b_j moved by {optimizer.Name}, a vector of them at a time: the gradient of b_j is d_j, in");
        writer.WriteLine("/// <paramref name=\"deltas\"/>. The new values go to <paramref name=\"newBiases\"/>" +
            (optimizer.State.Count == 0 ? "." : " and the new state's spans.") + " Returns the sum of w - w over them: 0 when");
        writer.WriteLine("/// every one is finite, NaN otherwise.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine(Inlined);
        writer.OpenBlock($"private static {number.Name} {StepBiases}({string.Join(", ", StepBiasesParameters(optimizer, number))})");
        writer.WriteLine(code.RefToSpan("w", "biases", null));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine(code.RefToSpan(slot.Slot, slot.RefName, null));
        }

        writer.WriteLine(code.RefToSpan("d", "deltas", null));
        writer.WriteLine(code.RefToSpan("newW", "newBiases", null));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine(code.RefToSpan(BlockedOptimizerWriter.Spare(slot.Slot), BlockedOptimizerWriter.Spare(slot.RefName), null));
        }

        optimizer.WriteVectorPrelude(writer, code.Vector);
        writer.WriteLine($"{code.Vector} differences = {code.VectorZero};");
        writer.WriteLine($"{number.Name} difference = {number.Zero};");
        writer.WriteLine("int j = 0;");
        writer.OpenBlock($"for (; j <= deltas.Length - {code.Count}; j += {code.Count})");
        writer.WriteLine($"{code.Vector} {optimizer.RowFactor} = {optimizer.RowFactorValue(code.Load("d", "j"))};");
        string[] loaded = [.. optimizer.State.Select(slot => code.Load(slot.Slot, "j"))];
        optimizer.WriteRowVector(writer, number, code.Vector, code.VectorOne, new VectorNames(string.Empty, code.Load("w", "j"), loaded));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine(code.Store(slot.Local, BlockedOptimizerWriter.Spare(slot.Slot), "j"));
        }

        writer.WriteLine(code.Store("ww", "newW", "j"));
        writer.WriteLine($"differences |= {BlockedOptimizerWriter.Differences(optimizer, "ww", " | ")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("for (; j < deltas.Length; j++)");
        writer.WriteLine($"{number.Name} {optimizer.RowFactor} = {optimizer.RowFactorValue(code.At("d", "j"))};");
        string[] state = [.. optimizer.State.Select(slot => code.At(slot.Slot, "j"))];
        string[] locals = [.. optimizer.State.Select(slot => slot.Local)];
        optimizer.WriteRowScalar(writer, number, null, new StepNames("g", code.At("w", "j"), "ww", state, locals, "sameSign"));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine($"{code.At(BlockedOptimizerWriter.Spare(slot.Slot), "j")} = {slot.Local};");
        }

        writer.WriteLine($"{code.At("newW", "j")} = ww;");
        writer.WriteLine($"difference += {BlockedOptimizerWriter.Differences(optimizer, "ww", " + ")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"return difference + {code.Sum("differences")};");
        writer.CloseBlock();
    }
}
