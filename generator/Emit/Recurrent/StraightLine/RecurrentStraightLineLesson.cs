using System.Linq;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Recurrent.StraightLine;

/// <summary>
/// The lesson's methods in the straight-line layout: Step, and each cell's forward and backward time step written
/// out. TrainSequence and AddSequenceGradients, whose loops run over the time steps, are the recurrent layout's own.
/// </summary>
internal static class RecurrentStraightLineLesson
{
    /// <summary>One time step: each cell's forward step into the step's record, its state copied to the state, then the output layer.</summary>
    public static void WriteStep(SourceWriter writer, RecurrentEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        RecurrentLayout layout = context.Layout;
        RecurrentLessonWriter.OpenStep(writer, context);
        writer.WriteLine($"{number.Span} state = {RecurrentNames.StateArray};");
        writer.WriteLine($"{number.Span} record = {RecurrentNames.StepScratchArray};");
        for (int layer = 1; layer < shape.OutputLayer; layer++)
        {
            CellCode cell = layout.CellOf(layer);
            string stateLength = NetworkShape.Number(cell.StateVectors * shape.Size(layer));
            string recordLength = NetworkShape.Number(cell.Record.Length * shape.Size(layer));
            string x = layer == 1 ? "input" : $"state.Slice({RecurrentNames.State(layer - 1)}, {NetworkShape.Number(shape.Size(layer - 1))})";
            string kept = cell.StateVectors == 2 ? "h and c are" : "h is";
            writer.WriteComment($"Cell {NetworkShape.Number(layer)} ({cell.Name}): {RecurrentNames.CellForward(layer)} into the record, whose {kept} the new state.");
            writer.WriteLine($"{RecurrentNames.CellForward(layer)}({x}, state.Slice({RecurrentNames.State(layer)}, {stateLength}), record.Slice(0, {recordLength}));");
            writer.WriteLine($"record.Slice(0, {stateLength}).CopyTo(state.Slice({RecurrentNames.State(layer)}, {stateLength}));");
        }

        int top = shape.OutputLayer - 1;
        writer.WriteComment($"Output layer (dense): o = {ActivationCode.Name(shape.OutputActivation)}(W{NetworkShape.Number(shape.OutputLayer)} h{NetworkShape.Number(top)} + b{NetworkShape.Number(shape.OutputLayer)}).");
        writer.WriteLine($"{RecurrentNames.Output}(state.Slice({RecurrentNames.State(top)}, {NetworkShape.Number(shape.Size(top))}), output);");
        writer.CloseBlock();
    }

    public static void WriteCellForward(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        NumberType number = context.Number;
        CellCode cell = context.Layout.CellOf(layer);
        int size = context.Shape.Size(layer);
        string l = NetworkShape.Number(layer);
        writer.WriteLine($"/// <summary>Cell {l} ({cell.Name}), one time step written out: from x and the last state in previous, its record {string.Join(", ", cell.Record)}.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {RecurrentNames.CellForward(layer)}({number.ReadOnlySpan} x, {number.ReadOnlySpan} previous, {number.Span} record)");
        writer.WriteComment("p, x and the record at their exact lengths: a check each here, none at the constant indices below.");
        RecurrentStraightLine.WriteParameterSpan(writer, number);
        writer.WriteStatements(RecordSpans(context, layer, writable: true).Concat(StateSpans(context, layer))
            .Prepend($"x = x.Slice(0, {NetworkShape.Number(context.Shape.Size(layer - 1))});"));
        RecurrentStraightLine.For(cell).WriteForward(writer, context, layer);
        writer.CloseBlock();
    }

    public static void WriteCellBackward(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        NumberType number = context.Number;
        CellCode cell = context.Layout.CellOf(layer);
        CellStraightLine code = RecurrentStraightLine.For(cell);
        int size = context.Shape.Size(layer);
        string l = NetworkShape.Number(layer);
        writer.WriteLine($"/// <summary>Cell {l} ({cell.Name}), one time step back: from carry = dE/d its state, adds this step's gradients and leaves dE/d the previous state in carry" + (layer > 1 ? ", dE/dx added to below." : ".") + "</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        string below = layer > 1 ? $"{number.Span} below, " : string.Empty;
        writer.OpenBlock($"private void {RecurrentNames.CellBackward(layer)}({number.ReadOnlySpan} x, {number.ReadOnlySpan} previous, {number.ReadOnlySpan} record, " +
            $"{number.Span} carry, {below}{number.Span} gradients, {number.Span} scratch)");
        writer.WriteStatements(RecordSpans(context, layer, writable: false).Concat(StateSpans(context, layer))
            .Append($"carry = carry.Slice(0, {NetworkShape.Number(cell.StateVectors * size)});"));
        writer.WriteComment("parts: dE/d each gate's sum, the input's part and the state's (W_ih x + b_ih and W_hh hPrev + b_hh).");
        writer.WriteLine($"{number.Span} parts = scratch.Slice(0, {NetworkShape.Number(code.PartsCount(size))});");
        code.WriteBackward(writer, context, layer);
        writer.WriteComment("This step's gradients, a statement per parameter, and dE/dhPrev += W_hh^T (state parts)" + (layer > 1 ? ", dE/dx += W_ih^T (input parts)." : "."));
        writer.WriteLine($"{RecurrentStraightLineMachinery.Gradients(layer)}(x, hPrev, parts, carry, {(layer > 1 ? "below, " : string.Empty)}gradients);");
        writer.CloseBlock();
    }

    // The record's entries as spans of the cell's size: constant lengths, so constant indices need no checks.
    private static System.Collections.Generic.IEnumerable<string> RecordSpans(RecurrentEmitContext context, int layer, bool writable)
    {
        CellCode cell = context.Layout.CellOf(layer);
        string span = writable ? context.Number.Span : context.Number.ReadOnlySpan;
        string size = NetworkShape.Number(context.Shape.Size(layer));
        // The backward step reads h and c from carry and previous, not from the record.
        string[] entries = writable ? cell.Record : [.. cell.Record.Where(entry => entry != "h" && entry != "c")];
        return entries.Select(entry =>
            $"{span} {entry} = record.Slice({NetworkShape.Number(System.Array.IndexOf(cell.Record, entry) * context.Shape.Size(layer))}, {size});");
    }

    private static System.Collections.Generic.IEnumerable<string> StateSpans(RecurrentEmitContext context, int layer)
    {
        CellCode cell = context.Layout.CellOf(layer);
        string size = NetworkShape.Number(context.Shape.Size(layer));
        string span = context.Number.ReadOnlySpan;
        yield return $"{span} hPrev = previous.Slice(0, {size});";
        if (cell.StateVectors == 2)
        {
            yield return $"{span} cPrev = previous.Slice({size}, {size});";
        }
    }
}
