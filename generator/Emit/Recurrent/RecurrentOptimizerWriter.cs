using System.Linq;
using Unrolled.Generator.Emit.Blocked;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>
/// The optimizer of a recurrent network: its state in arrays laid out like the parameters, and one loop
/// over every parameter that asks the <see cref="OptimizerCode"/> for the step, the same step the other
/// layouts take. New values go to spare arrays, which become the network's only once all are finite.
/// </summary>
internal static class RecurrentOptimizerWriter
{
    /// <summary>The optimizer's constants and state arrays, laid out like the parameters, as the blocked layout keeps them.</summary>
    public static void WriteState(SourceWriter writer, RecurrentEmitContext context) => BlockedOptimizerWriter.WriteState(writer, context);

    /// <summary>New parameters start the optimizer afresh, as in the blocked layout.</summary>
    public static void WriteReset(SourceWriter writer, RecurrentEmitContext context) => BlockedOptimizerWriter.WriteReset(writer, context);

    /// <summary>Every parameter's new value from its mean gradient, into the spares; returns the sum of their w - w.</summary>
    public static void WriteStepAlongGradient(SourceWriter writer, RecurrentEmitContext context)
    {
        OptimizerCode optimizer = Optimizer(context);
        NumberType number = context.Number;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Works out every weight and bias w moved by its mean gradient g = _gradients[n] / count, as");
        writer.WriteLine($"/// {optimizer.Name} moves it. The new values go to {RecurrentNames.Spare}" + (optimizer.State.Count > 0 ? " and the optimizer's spare arrays" : string.Empty) + ", not over the old");
        writer.WriteLine("/// ones. Returns the sum of w - w over the new values: 0 when every one is finite, NaN otherwise.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private {number.Name} {RecurrentNames.StepAlongGradient}({number.Name} learningRate, int count)");
        optimizer.WriteFormula(writer);
        optimizer.WriteStepPrelude(writer, number);
        writer.WriteLine($"{number.Name} difference = {number.Zero};");
        writer.OpenBlock($"for (int n = 0; n < {GeneratedNames.ParameterCount}; n++)");
        writer.WriteLine($"{number.Name} g = {GeneratedNames.GradientsArray}[n] / count;");
        string[] state = [.. optimizer.State.Select(slot => Array(slot) + "[n]")];
        string[] locals = [.. optimizer.State.Select(slot => slot.Local)];
        optimizer.WriteScalar(writer, number, new StepNames("g", GeneratedNames.ParametersArray + "[n]", "ww", state, locals, "sameSign"));
        writer.WriteLine($"{RecurrentNames.Spare}[n] = ww;");
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine($"{slot.SpareArray}[n] = {slot.Local};");
        }

        string[] checkedValues = [.. optimizer.State.Where(slot => slot.Checked).Select(slot => slot.Local).Prepend("ww")];
        writer.WriteLine($"difference += {string.Join(" + ", checkedValues.Select(v => $"({v} - {v})"))};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return difference;");
        writer.CloseBlock();
    }

    /// <summary>After a step whose every new value is finite: the spares become the network's arrays, and the old ones the spares.</summary>
    public static void WriteSwap(SourceWriter writer, RecurrentEmitContext context)
    {
        OptimizerCode optimizer = Optimizer(context);
        writer.WriteComment("Every new value is finite: the arrays that hold them become the network's, and the old ones the spares.");
        writer.WriteLine($"{context.Number.Name}[] old = {GeneratedNames.ParametersArray};");
        writer.WriteLine($"{GeneratedNames.ParametersArray} = {RecurrentNames.Spare};");
        writer.WriteLine($"{RecurrentNames.Spare} = old;");
        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            writer.WriteLine($"old = {Array(slot)};");
            writer.WriteLine($"{Array(slot)} = {slot.SpareArray};");
            writer.WriteLine($"{slot.SpareArray} = old;");
        }

        optimizer.WriteStepFieldsStore(writer, context.Number);
        writer.WriteLine($"{RecurrentNames.PackColumns}();");
    }

    private static OptimizerCode Optimizer(RecurrentEmitContext context) => OptimizerCode.For(context.Options.Optimizer);

    private static string Array(OptimizerStateSlot slot) => slot.Field(GeneratedNames.ParametersArray);
}
