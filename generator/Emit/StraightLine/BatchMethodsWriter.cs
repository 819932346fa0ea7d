using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.StraightLine;

/// <summary>
/// Writes PredictBatch and TrainBatch of the straight-line layout: the one-sample passes once per
/// row, and where the target has SIMD, on several rows at once, one per vector lane.
/// </summary>
internal static class BatchMethodsWriter
{
    private const string Guard = GuardCode.TypeName;

    public static void WriteTrainBatch(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        bool vectorize = context.Vectorize;
        MemberDocs.WriteTrainBatch(writer, context, vectorize ? $"Where the hardware has {BatchLanes(context).Bits} SIMD, four rows are computed at once, one per vector lane." : null);
        NumberType number = shape.NumberType;
        HotMethod.Write(writer, context);
        writer.OpenBlock($"public {number.Name} {GeneratedNames.TrainBatch}({number.ReadOnlySpan} inputs, {number.ReadOnlySpan} targets, {number.Name} learningRate)");
        writer.WriteLine($"int rows = {Guard}.RowCount(inputs.Length, {GeneratedNames.InputCount}, targets.Length, {GeneratedNames.OutputCount});");
        GuardCode.WriteLearningRateCheck(writer);
        writer.WriteLine();
        writer.WriteComment("Sum over the rows of each parameter's gradient, g_w = sum dE/dW and g_b = sum dE/db.");
        BackpropagationWriter.WriteAccumulatorDeclarations(writer, context, Lanes.Scalar(number), string.Empty, _ => number.Zero);
        writer.WriteLine($"{number.Name} lossSum = {number.Zero};");
        writer.WriteLine("int row = 0;");
        if (vectorize)
        {
            WriteVectorBatchBlock(writer, context);
        }

        writer.WriteLine();
        if (vectorize)
        {
            WriteRowsLeftCall(writer, context);
        }
        else
        {
            writer.WriteComment("One row at a time.");
            WriteRowLoop(writer, context);
        }

        writer.WriteLine();
        UpdateWriter.WriteMeanUpdates(writer, context);
        writer.WriteLine();
        writer.WriteLine("return lossSum / rows;");
        writer.CloseBlock();
        if (vectorize)
        {
            writer.WriteLine();
            WriteTrainBatchRows(writer, context);
        }
    }

    // The rows the vector loop leaves, fewer than four, or every row without SIMD: in a method of their own
    // (TrainBatchRows). Compiled optimised at the first call, without a profile, TrainBatch would otherwise
    // weigh this loop, which a batch of whole vectors never enters, like the vector loop, and spill the
    // vector loop's values to keep registers for it: W2's four rows took 8% longer.
    private static void WriteRowsLeftCall(SourceWriter writer, EmitContext context)
    {
        NumberType number = context.Shape.NumberType;
        writer.WriteComment($"The rows left over, or every row without SIMD, one at a time in {GeneratedNames.TrainBatchRows}: their gradient sums in parameter order.");
        writer.OpenBlock("if (row < rows)");
        writer.WriteLine($"{number.Span} rowSums = stackalloc {number.Name}[{GeneratedNames.ParameterCount}];");
        writer.WriteLine($"lossSum += {GeneratedNames.TrainBatchRows}(inputs, targets, row, rows, rowSums);");
        int index = 0;
        foreach (string field in GeneratedNames.ParameterFields(context.Shape.Layers))
        {
            writer.WriteLine($"g{field} += rowSums[{NetworkShape.Number(index++)}];");
        }

        writer.CloseBlock();
    }

    /// <summary>
    /// TrainBatchRows, the helper of a vectorised TrainBatch: the rows from <c>row</c> on, one at a time, their
    /// gradient sums written into <c>sums</c> in parameter order and their summed loss returned.
    /// </summary>
    public static void WriteTrainBatchRows(SourceWriter writer, EmitContext context)
    {
        NumberType number = context.Shape.NumberType;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// TrainBatch's rows <paramref name=\"row\"/> to <paramref name=\"rows\"/> - 1, one at a time: writes the sum");
        writer.WriteLine("/// over them of each parameter's gradient into <paramref name=\"sums\"/>, in CopyParametersTo's order,");
        writer.WriteLine("/// and returns the sum of their losses.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"private {context.ReadonlyModifier}{number.Name} {GeneratedNames.TrainBatchRows}({number.ReadOnlySpan} inputs, {number.ReadOnlySpan} targets, int row, int rows, {number.Span} sums)");
        writer.WriteComment("Sum over these rows of each parameter's gradient, g_w = sum dE/dW and g_b = sum dE/db.");
        BackpropagationWriter.WriteAccumulatorDeclarations(writer, context, Lanes.Scalar(number), string.Empty, _ => number.Zero);
        writer.WriteLine($"{number.Name} lossSum = {number.Zero};");
        writer.WriteLine();
        WriteRowLoop(writer, context);
        writer.WriteLine();
        writer.WriteComment("The sums, in parameter order.");
        int index = 0;
        foreach (string field in GeneratedNames.ParameterFields(context.Shape.Layers))
        {
            writer.WriteLine($"sums[{NetworkShape.Number(index++)}] = g{field};");
        }

        writer.WriteLine("return lossSum;");
        writer.CloseBlock();
    }

    // Each row from row to rows - 1: the one-sample forward and backward passes, the gradients added to g_...
    private static void WriteRowLoop(SourceWriter writer, EmitContext context)
    {
        NumberType number = context.Shape.NumberType;
        writer.OpenBlock("for (; row < rows; row++)");
        writer.WriteLine($"{number.ReadOnlySpan} input = inputs.Slice(row * {GeneratedNames.InputCount}, {GeneratedNames.InputCount});");
        writer.WriteLine($"{number.ReadOnlySpan} target = targets.Slice(row * {GeneratedNames.OutputCount}, {GeneratedNames.OutputCount});");
        writer.WriteLine();
        ForwardPassWriter.Write(writer, context, "input");
        writer.WriteLine();
        BackpropagationWriter.WriteDeltas(writer, context, "target", loss => $"lossSum += {loss};");
        BackpropagationWriter.WriteAccumulation(writer, context);
        writer.CloseBlock();
    }

    private static string RowsPerVector(EmitContext context, int bits) => (bits / context.Shape.NumberType.Bits) switch
    {
        4 => "four",
        8 => "eight",
        16 => "sixteen",
        int n => NetworkShape.Number(n),
    };

    // Four rows: small batches are common in training, and four keep the accumulators, one vector
    // per parameter, in few registers. That is Vector256<double>, or Vector128<float>.
    private static Lanes BatchLanes(EmitContext context) => VectorExpWriter.For(context,
        context.Shape.NumberType == NumberType.Single ? Lanes.Vector128(context.Shape.NumberType) : Lanes.Vector256(context.Shape.NumberType));

    // Four rows per iteration, one per lane: the one-row formulas on vectors, with a vector sum
    // per parameter folded into the scalar sums once the blocks are done.
    private static void WriteVectorBatchBlock(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        Lanes lanes = BatchLanes(context);
        string width = NetworkShape.Number(lanes.Width);
        writer.WriteLine();
        writer.WriteComment($"{width} rows at a time where the hardware has {lanes.Bits} SIMD: lane r of every vector belongs to row + r.");
        writer.OpenBlock($"if ({lanes.IsHardwareAccelerated} && rows >= {width})");
        BackpropagationWriter.WriteAccumulatorDeclarations(writer, context, lanes, "v", _ => lanes.Zero);
        writer.WriteLine($"{lanes.Type} lossSums = {lanes.Zero};");
        writer.OpenBlock($"for (; row <= rows - {width}; row += {width})");
        writer.WriteLine($"{shape.NumberType.ReadOnlySpan} input = inputs.Slice(row * {GeneratedNames.InputCount}, {width} * {GeneratedNames.InputCount});");
        writer.WriteLine($"{shape.NumberType.ReadOnlySpan} target = targets.Slice(row * {GeneratedNames.OutputCount}, {width} * {GeneratedNames.OutputCount});");
        writer.WriteLine();
        ForwardPassWriter.Write(writer, context, lanes, i => lanes.GatherColumn("input", shape.InputCount, i));
        writer.WriteLine();
        BackpropagationWriter.WriteDeltas(writer, context, lanes, k => lanes.GatherColumn("target", shape.OutputCount, k), loss => $"lossSums += {loss};");
        BackpropagationWriter.WriteAccumulation(writer, context, "v");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteComment("Add up the lanes: the sums over every row done so far.");
        foreach (string field in GeneratedNames.ParameterFields(shape.Layers))
        {
            string sum = "g" + field;
            writer.WriteLine($"{sum} = {lanes.Sum("v" + sum)};");
        }

        writer.WriteLine($"lossSum = {lanes.Sum("lossSums")};");
        writer.CloseBlock();
    }

    public static void WritePredictBatch(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        bool vectorize = context.Vectorize;
        MemberDocs.WritePredictBatch(writer, context, vectorize
            ? $"Where the hardware has 512-bit or 256-bit SIMD, {RowsPerVector(context, 512)} or {RowsPerVector(context, 256)} rows are computed at once, one per vector lane."
            : null);
        NumberType number = shape.NumberType;
        HotMethod.Write(writer, context);
        writer.OpenBlock($"public {context.ReadonlyModifier}void {GeneratedNames.PredictBatch}({number.ReadOnlySpan} inputs, {number.Span} outputs)");
        writer.WriteLine($"int rows = {Guard}.PredictionRowCount(inputs.Length, {GeneratedNames.InputCount}, outputs.Length, {GeneratedNames.OutputCount});");
        writer.WriteLine("int row = 0;");
        if (vectorize)
        {
            // The widest vectors the hardware has first; the JIT drops the paths it cannot use.
            WritePredictionBlocks(writer, context, VectorExpWriter.For(context, Lanes.Vector512(number)));
            WritePredictionBlocks(writer, context, VectorExpWriter.For(context, Lanes.Vector256(number)));
        }

        writer.WriteLine();
        writer.WriteComment(vectorize ? "One row at a time: the rows left over, or every row without SIMD." : "One row at a time.");
        writer.OpenBlock("for (; row < rows; row++)");
        writer.WriteLine($"{GeneratedNames.Predict}(inputs.Slice(row * {GeneratedNames.InputCount}, {GeneratedNames.InputCount}), outputs.Slice(row * {GeneratedNames.OutputCount}, {GeneratedNames.OutputCount}));");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static void WritePredictionBlocks(SourceWriter writer, EmitContext context, Lanes lanes)
    {
        NetworkShape shape = context.Shape;
        string width = NetworkShape.Number(lanes.Width);
        writer.WriteLine();
        writer.WriteComment($"{width} rows at a time where the hardware has {lanes.Bits} SIMD: lane r of every vector belongs to row + r.");
        writer.OpenBlock($"if ({lanes.IsHardwareAccelerated})");
        writer.OpenBlock($"for (; row <= rows - {width}; row += {width})");
        writer.WriteLine($"{shape.NumberType.ReadOnlySpan} input = inputs.Slice(row * {GeneratedNames.InputCount}, {width} * {GeneratedNames.InputCount});");
        writer.WriteLine($"{shape.NumberType.Span} output = outputs.Slice(row * {GeneratedNames.OutputCount}, {width} * {GeneratedNames.OutputCount});");
        writer.WriteLine();
        ForwardPassWriter.Write(writer, context, lanes, i => lanes.GatherColumn("input", shape.InputCount, i));
        writer.WriteLine();
        if (shape.OutputCount == 1)
        {
            writer.WriteComment("One output per row: the rows' outputs are o0's lanes, in order.");
            writer.WriteLine($"{lanes.VectorClass}.CopyTo({shape.Activation(shape.OutputLayer, 0)}, output);");
        }
        else
        {
            writer.WriteComment("Output k of row + r is lane r of o_k.");
            for (int lane = 0; lane < lanes.Width; lane++)
            {
                for (int k = 0; k < shape.OutputCount; k++)
                {
                    writer.WriteLine($"output[{NetworkShape.Number((lane * shape.OutputCount) + k)}] = {shape.Activation(shape.OutputLayer, k)}[{NetworkShape.Number(lane)}];");
                }
            }
        }

        writer.CloseBlock();
        writer.CloseBlock();
    }
}
