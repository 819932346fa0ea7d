using System.Linq;
using Unrolled.Generator.Model;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>
/// The optimizers in the blocked layout: their state in arrays laid out like the parameters, and
/// the per-element steps, a vector at a time with a scalar tail. What each step computes is its
/// <see cref="OptimizerCode"/>'s, the same for both layouts, so each rounds like the straight-line
/// layout's, operation for operation. A step writes its new values into spare arrays and sums w - w
/// of them; only when that sum is finite do the spares become the network's.
/// </summary>
internal static class BlockedOptimizerWriter
{
    /// <summary>The optimizer's constants, and its state arrays with their spares: the recurrent layout's too.</summary>
    public static void WriteState(SourceWriter writer, EmitContext context)
    {
        OptimizerCode optimizer = Optimizer(context);
        if (optimizer.State.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        optimizer.WriteConstants(writer, context.Options, context.Number);
        foreach (string line in optimizer.ArraysComment)
        {
            writer.WriteComment(line);
        }

        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            WriteArray(writer, context.Number, StateArray(slot));
        }

        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            WriteArray(writer, context.Number, slot.SpareArray);
        }
    }

    /// <summary>Clears the optimizer's state for new parameters: the recurrent layout's too.</summary>
    public static void WriteReset(SourceWriter writer, EmitContext context)
    {
        OptimizerCode optimizer = Optimizer(context);
        if (optimizer.State.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteComment("New parameters start the optimizer afresh.");
        optimizer.WriteReset(writer, context.Number);
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine($"global::System.Array.Clear({StateArray(slot)}, 0, {GeneratedNames.ParameterCount});");
        }
    }

    /// <summary>The locals every step of an update shares (Adam's step t), before the first.</summary>
    public static void WriteStepPrelude(SourceWriter writer, BlockedEmitContext context) => Optimizer(context).WriteStepPrelude(writer, context.Number);

    /// <summary>The optimizer's step for one parameter w with gradient g, for comments.</summary>
    public static string Formula(BlockedEmitContext context) => Optimizer(context).Formula;

    /// <summary>The optimizer's step as comment lines.</summary>
    public static void WriteFormula(SourceWriter writer, BlockedEmitContext context) => Optimizer(context).WriteFormula(writer);

    /// <summary>Declares ref locals to the state arrays and their spares (velocity and newVelocity, ...), and the vectors the steps share.</summary>
    public static void WriteStateRefs(SourceWriter writer, BlockedEmitContext context)
    {
        OptimizerCode optimizer = Optimizer(context);
        BlockedCode code = context.Code;
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine(code.RefToArray(slot.RefName, StateArray(slot), null));
        }

        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine(code.RefToArray(Spare(slot.RefName), slot.SpareArray, null));
        }

        optimizer.WriteVectorPrelude(writer, code.Vector);
    }

    /// <summary>The ref local where the new values of the one named <paramref name="current"/> go: newW for w.</summary>
    public static string Spare(string current) => "new" + char.ToUpperInvariant(current[0]) + current.Substring(1);

    /// <summary>
    /// TrainBatch's step of one vector of parameters at <c>w[index]</c>, whose gradients summed over the rows are
    /// the vector <paramref name="gradientSum"/>, with the state at <c>v[index]</c> (and <c>m[index]</c>): the new
    /// values go to the spares (newW, newV, newM), and the vector <c>differences</c> ORs in w - w of the new
    /// parameters (and of the state the optimizer checks): all zero bits while they are finite, a NaN's bits from
    /// the first that is not.
    /// </summary>
    public static void WriteMeanVectorStep(SourceWriter writer, BlockedEmitContext context, string gradientSum, string w, string v, string m, string index) =>
        WriteMeanVectorStep(writer, context, context.Code, "differences", gradientSum, w, v, m, index);

    /// <summary>The same step on the vectors of <paramref name="code"/>, ORing into <paramref name="differences"/>.</summary>
    public static void WriteMeanVectorStep(SourceWriter writer, BlockedEmitContext context, BlockedCode code, string differences, string gradientSum, string w, string v, string m, string index)
    {
        OptimizerCode optimizer = Optimizer(context);
        string[] state = [.. optimizer.State.Select(slot => code.Load(SlotName(slot, v, m), index))];
        optimizer.WriteMeanVector(writer, context.Number, code.Vector, gradientSum, new VectorNames(string.Empty, code.Load(w, index), state));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine(code.Store(slot.Local, Spare(SlotName(slot, v, m)), index));
        }

        writer.WriteLine(code.Store("ww", Spare(w), index));
        writer.WriteLine($"{differences} |= {Differences(optimizer, "ww", " | ")};");
    }

    /// <summary>
    /// TrainBatch's step of one parameter <c>current.W</c> whose gradients summed over the rows are
    /// <paramref name="gradientSum"/>, state in <c>current.V</c> (and <c>current.M</c>); the new values go to
    /// <c>next</c>'s, and <c>difference</c> adds their w - w.
    /// </summary>
    public static void WriteMeanScalarStep(SourceWriter writer, BlockedEmitContext context, string gradientSum, (string W, string V, string M) current, (string W, string V, string M) next)
    {
        OptimizerCode optimizer = Optimizer(context);
        NumberType number = context.Number;
        string[] state = [.. optimizer.State.Select(slot => SlotName(slot, current.V, current.M))];
        string[] locals = [.. optimizer.State.Select(slot => slot.Local)];
        optimizer.WriteMeanScalar(writer, number, gradientSum, new StepNames("g", current.W, "ww", state, locals, "sameSign"));
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine($"{SlotName(slot, next.V, next.M)} = {slot.Local};");
        }

        writer.WriteLine($"{next.W} = ww;");
        writer.WriteLine($"difference += {Differences(optimizer, "ww", " + ")};");
    }

    /// <summary>
    /// After a step whose every new value is finite: the spare arrays, which hold them, become the
    /// network's, and its old arrays the spares; Adam's step t counts.
    /// </summary>
    public static void WriteSwap(SourceWriter writer, BlockedEmitContext context)
    {
        OptimizerCode optimizer = Optimizer(context);
        string type = context.Number.Name + "[]";
        writer.WriteComment("Every new value is finite: the arrays that hold them become the network's, and the old ones the spares.");
        writer.WriteLine($"{type} old = {GeneratedNames.ParametersArray};");
        writer.WriteLine($"{GeneratedNames.ParametersArray} = {GeneratedNames.GradientsArray};");
        writer.WriteLine($"{GeneratedNames.GradientsArray} = old;");
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            WriteSwapState(writer, StateArray(slot), slot.SpareArray);
        }

        optimizer.WriteStepFieldsStore(writer, context.Number);
    }

    private static OptimizerCode Optimizer(EmitContext context) => OptimizerCode.For(context.Options.Optimizer);

    /// <summary>The state array of a slot: laid out like the parameters, named after the parameter array.</summary>
    public static string StateArray(OptimizerStateSlot slot) => slot.Field(GeneratedNames.ParametersArray);

    // The caller's name for a slot's element: its v or its m.
    private static string SlotName(OptimizerStateSlot slot, string v, string m) => slot.Slot switch
    {
        "v" => v,
        "m" => m,
        _ => throw new System.ArgumentOutOfRangeException(nameof(slot), slot.Slot, "The blocked layout has the state slots m and v."),
    };

    /// <summary>newW - newW, and x - x of every checked state local, joined: all zero while they are finite.</summary>
    public static string Differences(OptimizerCode optimizer, string newW, string join)
    {
        string[] terms = [.. optimizer.State.Where(slot => slot.Checked).Select(slot => slot.Local).Prepend(newW).Select(x => $"{x} - {x}")];
        return terms.Length == 1 ? terms[0] : string.Join(join, terms.Select(t => "(" + t + ")"));
    }

    private static void WriteSwapState(SourceWriter writer, string state, string spare)
    {
        writer.WriteLine($"old = {state};");
        writer.WriteLine($"{state} = {spare};");
        writer.WriteLine($"{spare} = old;");
    }

    // State laid out like the parameters: one number per parameter, swapped with its spare by each step.
    private static void WriteArray(SourceWriter writer, NumberType number, string name) =>
        BlockedDeclarationsWriter.WriteArray(writer, number, name, GeneratedNames.ParameterCount, swapped: true);
}
