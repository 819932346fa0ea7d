using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>
/// The machinery's helpers that do the blocked lesson's vector work, so that the lesson reads as loops over
/// spans: the forward pass's DotProduct, the backward pass's BackpropagatedSums (and the derivatives whose
/// vector code rounds unlike their scalar code), the update's StepRow. Each is inlined: the passes run the
/// vector loops they ran when those loops were written in them, operation for operation.
/// </summary>
internal static class BlockedHelpersWriter
{
    /// <summary>
    /// sums_j = sum_k weights_k * rows[k, j]: the deltas of the layer above sent back through its weights, the
    /// per-sample twin of the batch kernel of the same name.
    /// </summary>
    public const string BackpropagatedSums = GeneratedNames.BackpropagatedSums;

    /// <summary>One row of weights moved by the optimizer, returning the sum of w - w over the new values.</summary>
    public const string StepRow = GeneratedNames.StepRow;

    private const string Inlined =
        "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

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
        WriteStepRow(writer, context);
    }

    /// <summary>
    /// Whether the backward pass multiplies a hidden layer with <paramref name="activation"/> by its derivative
    /// through a helper: one taken from z that calls exp, where the compilation has a vector exp. Its vector code
    /// rounds unlike Math.Exp, so it stays vector code, in the machinery; every other derivative rounds alike
    /// a value at a time, and the lesson writes it as a loop.
    /// </summary>
    public static bool DerivativeNeedsHelper(BlockedEmitContext context, Model.Activation activation) =>
        ActivationCode.NeedsZ(activation) && ActivationCode.NeedsExp(activation) && context.Spec.HasVectorExp;

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
        string vectorDerivative = ActivationCode.Derivative(activation, Lanes.NumericsVector(number), "a", "zj")
            ?? throw new System.InvalidOperationException($"{activation} has no derivative to multiply by.");
        string scalarDerivative = ActivationCode.Derivative(activation, Lanes.Scalar(number), "a", "zj")!;
        writer.WriteLine($"/// <summary>d_j *= {ActivationCode.DerivativeFormula(activation, "a_j")} for every j, a vector at a time; <paramref name=\"z\"/> holds z_j.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine(Inlined);
        writer.OpenBlock($"private static void {DerivativeHelper(activation)}({number.ReadOnlySpan} z, {number.Span} d)");
        writer.WriteLine(code.RefToSpan("zr", "z", null));
        writer.WriteLine(code.RefToSpan("dr", "d", null));
        writer.WriteLine("int j = 0;");
        writer.OpenBlock($"for (; j <= d.Length - {code.Count}; j += {code.Count})");
        writer.WriteLine($"{code.Vector} zj = {code.Load("zr", "j")};");
        writer.WriteLine(code.Store($"{code.Load("dr", "j")} * {vectorDerivative}", "dr", "j"));
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("for (; j < d.Length; j++)");
        writer.WriteLine($"{number.Name} zj = {code.At("zr", "j")};");
        writer.WriteLine($"{code.At("dr", "j")} = {code.At("dr", "j")} * {scalarDerivative};");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    /// <summary>
    /// StepRow's parameters in order: the row's weights, its state, the activations and the row factor, the
    /// scalars the step reads, then the spans its new values go to.
    /// </summary>
    public static IReadOnlyList<string> StepRowParameters(OptimizerCode optimizer, NumberType number) =>
    [
        $"{number.ReadOnlySpan} weights",
        .. optimizer.State.Select(slot => $"{number.ReadOnlySpan} {slot.RefName}"),
        $"{number.ReadOnlySpan} activations",
        $"{number.Name} {optimizer.RowFactor}",
        .. optimizer.StepScalars.Select(scalar => $"{number.Name} {scalar}"),
        $"{number.Span} newWeights",
        .. optimizer.State.Select(slot => $"{number.Span} {BlockedOptimizerWriter.Spare(slot.RefName)}"),
    ];

    // Each weight w_i of the row with gradient g_i = d_j * a_i moves by the optimizer's step, a vector at a
    // time, then the rest one at a time; w - w of the new values (and of the state the optimizer checks) is
    // ORed into a vector (all zero bits while they are finite) and summed once at the end.
    private static void WriteStepRow(SourceWriter writer, BlockedEmitContext context)
    {
        BlockedCode code = context.Code;
        NumberType number = code.Number;
        OptimizerCode optimizer = OptimizerCode.For(context.Options.Optimizer);
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// One row of weights w_i moved by {optimizer.Name}, a vector at a time: the gradient of w_i is d_j * a_i, with");
        writer.WriteLine($"/// a_i in <paramref name=\"activations\"/>{RowFactorNote(optimizer)}. The new values go to <paramref name=\"newWeights\"/>" +
            (optimizer.State.Count == 0 ? "." : " and the new state's spans."));
        writer.WriteLine("/// Returns the sum of w - w over them: 0 when every one is finite, NaN otherwise.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine(Inlined);
        writer.OpenBlock($"private static {number.Name} {StepRow}({string.Join(", ", StepRowParameters(optimizer, number))})");
        writer.WriteLine(code.RefToSpan("w", "weights", null));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine(code.RefToSpan(slot.Slot, slot.RefName, null));
        }

        writer.WriteLine(code.RefToSpan("a", "activations", null));
        writer.WriteLine(code.RefToSpan("newW", "newWeights", null));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine(code.RefToSpan(BlockedOptimizerWriter.Spare(slot.Slot), BlockedOptimizerWriter.Spare(slot.RefName), null));
        }

        optimizer.WriteVectorPrelude(writer, code.Vector);
        writer.WriteLine($"{code.Vector} differences = {code.VectorZero};");
        writer.WriteLine("int i = 0;");
        writer.OpenBlock($"for (; i <= weights.Length - {code.Count}; i += {code.Count})");
        string[] loaded = [.. optimizer.State.Select(slot => code.Load(slot.Slot, "i"))];
        optimizer.WriteRowVector(writer, number, code.Vector, code.Load("a", "i"), new VectorNames(string.Empty, code.Load("w", "i"), loaded));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine(code.Store(slot.Local, BlockedOptimizerWriter.Spare(slot.Slot), "i"));
        }

        writer.WriteLine(code.Store("ww", "newW", "i"));
        writer.WriteLine($"differences |= {BlockedOptimizerWriter.Differences(optimizer, "ww", " | ")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{number.Name} difference = {number.Zero};");
        writer.OpenBlock("for (; i < weights.Length; i++)");
        string[] state = [.. optimizer.State.Select(slot => code.At(slot.Slot, "i"))];
        string[] locals = [.. optimizer.State.Select(slot => slot.Local)];
        optimizer.WriteRowScalar(writer, number, code.At("a", "i"), new StepNames("g", code.At("w", "i"), "ww", state, locals, "sameSign"));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine($"{code.At(BlockedOptimizerWriter.Spare(slot.Slot), "i")} = {slot.Local};");
        }

        writer.WriteLine($"{code.At("newW", "i")} = ww;");
        writer.WriteLine($"difference += {BlockedOptimizerWriter.Differences(optimizer, "ww", " + ")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"return difference + {code.Sum("differences")};");
        writer.CloseBlock();
    }

    private static string RowFactorNote(OptimizerCode optimizer) =>
        optimizer.RowFactor == "dj" ? " and d_j in dj" : $" and the row's {optimizer.RowFactor} = {optimizer.RowFactorValue("d_j")}";
}
