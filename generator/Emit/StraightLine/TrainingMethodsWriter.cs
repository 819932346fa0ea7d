using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.StraightLine;

/// <summary>Writes Predict, Train and TrainBatch: argument checks around the unrolled passes.</summary>
internal static class TrainingMethodsWriter
{
    private const string Guard = "global::Unrolled.NetworkGuard";

    public static void WritePredict(SourceWriter writer, NetworkShape shape, string readonlyModifier)
    {
        MemberDocs.WritePredict(writer, shape);
        writer.OpenBlock($"public {readonlyModifier}void {GeneratedNames.Predict}({shape.NumberType.ReadOnlySpan} input, {shape.NumberType.Span} output)");
        writer.WriteLine($"{Guard}.ExactLength(input.Length, {GeneratedNames.InputCount}, \"input\");");
        writer.WriteLine($"{Guard}.MinimumLength(output.Length, {GeneratedNames.OutputCount}, \"output\");");
        writer.WriteLine();
        ForwardPassWriter.Write(writer, shape, "input");
        writer.WriteLine();
        writer.WriteComment("The outputs.");
        for (int k = 0; k < shape.OutputCount; k++)
        {
            writer.WriteLine($"output[{NetworkShape.Number(k)}] = {shape.Activation(shape.OutputLayer, k)};");
        }

        writer.CloseBlock();
    }

    public static void WriteTrain(SourceWriter writer, NetworkShape shape)
    {
        MemberDocs.WriteTrain(writer, shape);
        NumberType number = shape.NumberType;
        writer.OpenBlock($"public {number.Name} {GeneratedNames.Train}({number.ReadOnlySpan} input, {number.ReadOnlySpan} target, {number.Name} learningRate)");
        writer.WriteLine($"{Guard}.ExactLength(input.Length, {GeneratedNames.InputCount}, \"input\");");
        writer.WriteLine($"{Guard}.ExactLength(target.Length, {GeneratedNames.OutputCount}, \"target\");");
        WriteLearningRateCheck(writer);
        writer.WriteLine();
        ForwardPassWriter.Write(writer, shape, "input");
        writer.WriteLine();
        BackpropagationWriter.WriteDeltas(writer, shape, "target", number.Name + " loss = {0};");
        FiniteCheckWriter.WriteSampleCheck(writer, shape);
        UpdateWriter.WriteSampleUpdates(writer, shape);
        writer.WriteLine();
        writer.WriteLine("return loss;");
        writer.CloseBlock();
    }

    public static void WriteTrainBatch(SourceWriter writer, NetworkShape shape, bool vectorize)
    {
        MemberDocs.WriteTrainBatch(writer, shape, vectorize ? $"Where the hardware has {BatchLanes(shape).Bits} SIMD, four rows are computed at once, one per vector lane." : null);
        NumberType number = shape.NumberType;
        writer.OpenBlock($"public {number.Name} {GeneratedNames.TrainBatch}({number.ReadOnlySpan} inputs, {number.ReadOnlySpan} targets, {number.Name} learningRate)");
        writer.WriteLine($"int rows = {Guard}.RowCount(inputs.Length, {GeneratedNames.InputCount}, targets.Length, {GeneratedNames.OutputCount});");
        WriteLearningRateCheck(writer);
        writer.WriteLine();
        writer.WriteComment("Sum over the rows of each parameter's gradient, g_w = sum dE/dW and g_b = sum dE/db.");
        BackpropagationWriter.WriteAccumulatorDeclarations(writer, shape, Lanes.Scalar(number), string.Empty, _ => number.Zero);
        writer.WriteLine($"{number.Name} lossSum = {number.Zero};");
        writer.WriteLine("int row = 0;");
        if (vectorize)
        {
            WriteVectorBatchBlock(writer, shape);
        }

        writer.WriteLine();
        writer.WriteComment(vectorize ? "One row at a time: the rows left over, or every row without SIMD." : "One row at a time.");
        writer.OpenBlock("for (; row < rows; row++)");
        writer.WriteLine($"{shape.NumberType.ReadOnlySpan} input = inputs.Slice(row * {GeneratedNames.InputCount}, {GeneratedNames.InputCount});");
        writer.WriteLine($"{shape.NumberType.ReadOnlySpan} target = targets.Slice(row * {GeneratedNames.OutputCount}, {GeneratedNames.OutputCount});");
        writer.WriteLine();
        ForwardPassWriter.Write(writer, shape, "input");
        writer.WriteLine();
        BackpropagationWriter.WriteDeltas(writer, shape, "target", "lossSum += {0};");
        FiniteCheckWriter.WriteRowProbe(writer, shape, "lossSum");
        BackpropagationWriter.WriteAccumulation(writer, shape);
        writer.CloseBlock();
        writer.WriteLine();
        FiniteCheckWriter.WriteBatchCheck(writer, number);
        UpdateWriter.WriteMeanUpdates(writer, shape);
        writer.WriteLine();
        writer.WriteLine("return lossSum / rows;");
        writer.CloseBlock();
    }

    /// <summary>
    /// The learning rate's check, at the top of Train and TrainBatch of both layouts: a NaN,
    /// infinite, zero or negative rate throws before anything changes.
    /// </summary>
    public static void WriteLearningRateCheck(SourceWriter writer) =>
        writer.WriteLine($"{Guard}.PositiveFinite(learningRate, \"learningRate\");");

    private static string RowsPerVector(NetworkShape shape, int bits) => (bits / shape.NumberType.Bits) switch
    {
        4 => "four",
        8 => "eight",
        16 => "sixteen",
        int n => NetworkShape.Number(n),
    };

    // Four rows: small batches are common in training, and four keep the accumulators, one vector
    // per parameter, in few registers. That is Vector256<double>, or Vector128<float>.
    private static Lanes BatchLanes(NetworkShape shape) =>
        shape.NumberType == NumberType.Single ? Lanes.Vector128(shape.NumberType) : Lanes.Vector256(shape.NumberType);

    // Four rows per iteration, one per lane: the one-row formulas on vectors, with a vector sum
    // per parameter folded into the scalar sums once the blocks are done.
    private static void WriteVectorBatchBlock(SourceWriter writer, NetworkShape shape)
    {
        Lanes lanes = BatchLanes(shape);
        string width = NetworkShape.Number(lanes.Width);
        writer.WriteLine();
        writer.WriteComment($"{width} rows at a time where the hardware has {lanes.Bits} SIMD: lane r of every vector belongs to row + r.");
        writer.OpenBlock($"if ({lanes.IsHardwareAccelerated} && rows >= {width})");
        BackpropagationWriter.WriteAccumulatorDeclarations(writer, shape, lanes, "v", _ => lanes.Zero);
        writer.WriteLine($"{lanes.Type} lossSums = {lanes.Zero};");
        writer.OpenBlock($"for (; row <= rows - {width}; row += {width})");
        writer.WriteLine($"{shape.NumberType.ReadOnlySpan} input = inputs.Slice(row * {GeneratedNames.InputCount}, {width} * {GeneratedNames.InputCount});");
        writer.WriteLine($"{shape.NumberType.ReadOnlySpan} target = targets.Slice(row * {GeneratedNames.OutputCount}, {width} * {GeneratedNames.OutputCount});");
        writer.WriteLine();
        ForwardPassWriter.Write(writer, shape, lanes, i => lanes.GatherColumn("input", shape.InputCount, i));
        writer.WriteLine();
        BackpropagationWriter.WriteDeltas(writer, shape, lanes, k => lanes.GatherColumn("target", shape.OutputCount, k), "lossSums += {0};");
        FiniteCheckWriter.WriteRowProbe(writer, shape, "lossSums");
        BackpropagationWriter.WriteAccumulation(writer, shape, "v");
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

    public static void WritePredictBatch(SourceWriter writer, NetworkShape shape, string readonlyModifier, bool vectorize)
    {
        MemberDocs.WritePredictBatch(writer, shape, vectorize
            ? $"Where the hardware has 512-bit or 256-bit SIMD, {RowsPerVector(shape, 512)} or {RowsPerVector(shape, 256)} rows are computed at once, one per vector lane."
            : null);
        NumberType number = shape.NumberType;
        writer.OpenBlock($"public {readonlyModifier}void {GeneratedNames.PredictBatch}({number.ReadOnlySpan} inputs, {number.Span} outputs)");
        writer.WriteLine($"int rows = {Guard}.PredictionRowCount(inputs.Length, {GeneratedNames.InputCount}, outputs.Length, {GeneratedNames.OutputCount});");
        writer.WriteLine("int row = 0;");
        if (vectorize)
        {
            // The widest vectors the hardware has first; the JIT drops the paths it cannot use.
            WritePredictionBlocks(writer, shape, Lanes.Vector512(number));
            WritePredictionBlocks(writer, shape, Lanes.Vector256(number));
        }

        writer.WriteLine();
        writer.WriteComment(vectorize ? "One row at a time: the rows left over, or every row without SIMD." : "One row at a time.");
        writer.OpenBlock("for (; row < rows; row++)");
        writer.WriteLine($"{GeneratedNames.Predict}(inputs.Slice(row * {GeneratedNames.InputCount}, {GeneratedNames.InputCount}), outputs.Slice(row * {GeneratedNames.OutputCount}, {GeneratedNames.OutputCount}));");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static void WritePredictionBlocks(SourceWriter writer, NetworkShape shape, Lanes lanes)
    {
        string width = NetworkShape.Number(lanes.Width);
        writer.WriteLine();
        writer.WriteComment($"{width} rows at a time where the hardware has {lanes.Bits} SIMD: lane r of every vector belongs to row + r.");
        writer.OpenBlock($"if ({lanes.IsHardwareAccelerated})");
        writer.OpenBlock($"for (; row <= rows - {width}; row += {width})");
        writer.WriteLine($"{shape.NumberType.ReadOnlySpan} input = inputs.Slice(row * {GeneratedNames.InputCount}, {width} * {GeneratedNames.InputCount});");
        writer.WriteLine($"{shape.NumberType.Span} output = outputs.Slice(row * {GeneratedNames.OutputCount}, {width} * {GeneratedNames.OutputCount});");
        writer.WriteLine();
        ForwardPassWriter.Write(writer, shape, lanes, i => lanes.GatherColumn("input", shape.InputCount, i));
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
