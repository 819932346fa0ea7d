using Unrolled.Generator.Emit.Blocked;
using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>
/// What a frozen recurrent network keeps instead of a trainable one's arrays: the file's parameters in one
/// static array, their packed columns made once from it, the state Step carries and Step's working space.
/// Step and the cells' forward steps are the trainable network's own code, which reads these by the same names.
/// </summary>
internal static class RecurrentFrozenWriter
{
    /// <summary>The lesson's declarations: the parameters, their packed columns, the state and where each cell's numbers start.</summary>
    public static void WriteDeclarations(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;

        FrozenParameters.WriteArray(writer, context, first: true);
        // The straight-line cells read the parameters themselves, at constant indices: no packed columns.
        if (!StraightLine.RecurrentStraightLine.Applies(context))
        {
            // In the same file as the parameters and after them: static fields are initialised in the order they are written.
            writer.WriteComment("Every cell's W_ih and W_hh transposed, a column of gate weights per input or state value, as the forward");
            writer.WriteComment("step reads them; packed once from the parameters above.");
            writer.WriteLine(GeneratedCode.Attribute);
            writer.WriteLine($"private static readonly {number.Name}[] {RecurrentNames.ColumnsArray} = {RecurrentNames.PackedColumns}();");
        }

        writer.WriteComment("The state Step carries from one call to the next: each cell's h" + (context.Cell.StateVectors == 2 ? " and c." : "."));
        BlockedDeclarationsWriter.WriteArray(writer, number, RecurrentNames.StateArray, RecurrentNames.CellStateCount);
        RecurrentLessonWriter.WriteOffsets(writer, context, withTrace: false);
    }

    /// <summary>The machinery's counts, Step's working space and the sizes of the state, the columns and the scratch.</summary>
    public static void WriteBuffers(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;
        NetworkShape shape = context.Shape;
        RecurrentLayout layout = context.Layout;
        WriteConstant(writer, "Number of inputs at each time step: the size of the first layer.", GeneratedNames.InputCount, shape.InputCount);
        WriteConstant(writer, "Number of outputs at each time step: the size of the last layer.", GeneratedNames.OutputCount, shape.OutputCount);
        WriteConstant(writer, "Number of weights and biases.", GeneratedNames.ParameterCount, layout.ParameterCount);
        writer.WriteComment("Step's working space, a cell's gate sums or its record: the instance's own, so a step clears no stack memory.");
        BlockedDeclarationsWriter.WriteArray(writer, number, RecurrentNames.StepScratchArray, RecurrentNames.ScratchCount);
        writer.WriteComment("The sizes of the state, the packed columns and a cell's scratch.");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private const int {RecurrentNames.CellStateCount} = {NetworkShape.Number(layout.StateCount)}, {RecurrentNames.ColumnCount} = {NetworkShape.Number(layout.ColumnCount)}, " +
            $"{RecurrentNames.ScratchCount} = {NetworkShape.Number(layout.ScratchCount)};");
        writer.WriteLine();
    }

    /// <summary>PackedColumns: the trainable network's packing, run once on the file's parameters.</summary>
    public static void WritePackedColumns(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Every cell's W_ih and W_hh transposed, a weight column, one weight per gate row, for each input or state value:");
        writer.WriteLine($"/// what the forward step reads. Run once, to initialise {RecurrentNames.ColumnsArray}.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private static {number.Name}[] {RecurrentNames.PackedColumns}()");
        writer.WriteLine($"{number.Name}[] packed = new {number.Name}[{RecurrentNames.ColumnCount}];");
        writer.WriteLine($"{number.ReadOnlySpan} parameters = {GeneratedNames.ParametersArray};");
        writer.WriteLine($"{number.Span} columns = packed;");
        RecurrentMachineryWriter.WriteColumnPacking(writer, context);
        writer.WriteLine("return packed;");
        writer.CloseBlock();
    }

    private static void WriteConstant(SourceWriter writer, string summary, string name, long value)
    {
        writer.WriteLine($"/// <summary>{summary}</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"public const int {name} = {NetworkShape.Number(value)};");
        writer.WriteLine();
    }
}
