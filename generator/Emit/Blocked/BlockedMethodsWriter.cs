using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Emit.StraightLine;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>Writes the blocked layout's public members: argument checks, then the private passes.</summary>
internal static class BlockedMethodsWriter
{
    private const string Guard = "global::Unrolled.NetworkGuard";

    public static void WritePredict(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout!;
        MemberDocs.WritePredict(writer, context);
        writer.OpenBlock($"public void {GeneratedNames.Predict}({number.ReadOnlySpan} input, {number.Span} output)");
        writer.WriteLine($"{Guard}.ExactLength(input.Length, {GeneratedNames.InputCount}, \"input\");");
        writer.WriteLine($"{Guard}.MinimumLength(output.Length, {GeneratedNames.OutputCount}, \"output\");");
        WriteActivationsBuffer(writer, layout, number);
        writer.WriteLine($"{GeneratedNames.ForwardPass}(input, activations);");
        writer.WriteLine($"activations.Slice({GeneratedNames.ActivationsStart(shape.OutputLayer)}, {GeneratedNames.OutputCount}).CopyTo(output);");
        writer.CloseBlock();
    }

    public static void WriteTrain(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        MemberDocs.WriteTrain(writer, context);
        writer.OpenBlock($"public {number.Name} {GeneratedNames.Train}({number.ReadOnlySpan} input, {number.ReadOnlySpan} target, {number.Name} learningRate)");
        writer.WriteLine($"{Guard}.ExactLength(input.Length, {GeneratedNames.InputCount}, \"input\");");
        writer.WriteLine($"{Guard}.ExactLength(target.Length, {GeneratedNames.OutputCount}, \"target\");");
        TrainingMethodsWriter.WriteLearningRateCheck(writer);
        writer.WriteLine($"{GeneratedNames.ForwardPass}(input, {GeneratedNames.ActivationsArray});");
        writer.WriteLine($"{number.Name} loss = {GeneratedNames.BackwardPass}(target);");
        writer.WriteComment("A NaN or infinity in the sample or the loss would spread into every parameter it touches: then the step changes nothing.");
        writer.WriteLine($"{number.Name} check = loss + {GeneratedNames.ZeroIfFinite}(input);");
        FiniteCheckWriter.WriteReturnIfNotFinite(writer, number, "check", "check");
        writer.WriteLine();
        writer.WriteLine($"{GeneratedNames.StepAlongGradient}(input, learningRate);");
        writer.WriteLine("return loss;");
        writer.CloseBlock();
    }

    /// <summary>PredictBatch one row after another, for networks whose block of rows would not fit on the stack.</summary>
    public static void WritePredictBatchRowByRow(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout!;
        MemberDocs.WritePredictBatch(writer, context, "Rows are computed one after another, each layer a SIMD vector of weights at a time.");
        writer.OpenBlock($"public void {GeneratedNames.PredictBatch}({number.ReadOnlySpan} inputs, {number.Span} outputs)");
        writer.WriteLine($"int rows = {Guard}.PredictionRowCount(inputs.Length, {GeneratedNames.InputCount}, outputs.Length, {GeneratedNames.OutputCount});");
        WriteActivationsBuffer(writer, layout, number);
        writer.OpenBlock("for (int row = 0; row < rows; row++)");
        writer.WriteLine($"{GeneratedNames.ForwardPass}(inputs.Slice(row * {GeneratedNames.InputCount}, {GeneratedNames.InputCount}), activations);");
        writer.WriteLine($"activations.Slice({GeneratedNames.ActivationsStart(shape.OutputLayer)}, {GeneratedNames.OutputCount}).CopyTo(outputs.Slice(row * {GeneratedNames.OutputCount}, {GeneratedNames.OutputCount}));");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    /// <summary>TrainBatch one row after another, for networks whose block of rows would take too much memory.</summary>
    public static void WriteTrainBatchRowByRow(SourceWriter writer, EmitContext context)
    {
        NumberType number = context.Number;
        MemberDocs.WriteTrainBatch(writer, context, "Rows are computed one after another, each layer a SIMD vector of weights at a time.");
        writer.OpenBlock($"public {number.Name} {GeneratedNames.TrainBatch}({number.ReadOnlySpan} inputs, {number.ReadOnlySpan} targets, {number.Name} learningRate)");
        writer.WriteLine($"int rows = {Guard}.RowCount(inputs.Length, {GeneratedNames.InputCount}, targets.Length, {GeneratedNames.OutputCount});");
        TrainingMethodsWriter.WriteLearningRateCheck(writer);
        writer.WriteLine($"global::System.Array.Clear({GeneratedNames.GradientsArray}, 0, {GeneratedNames.ParameterCount});");
        writer.WriteLine($"{number.Name} lossSum = {number.Zero};");
        writer.OpenBlock("for (int row = 0; row < rows; row++)");
        writer.WriteLine($"{number.ReadOnlySpan} input = inputs.Slice(row * {GeneratedNames.InputCount}, {GeneratedNames.InputCount});");
        writer.WriteLine($"{GeneratedNames.ForwardPass}(input, {GeneratedNames.ActivationsArray});");
        writer.WriteLine($"lossSum += {GeneratedNames.BackwardPass}(targets.Slice(row * {GeneratedNames.OutputCount}, {GeneratedNames.OutputCount}));");
        writer.WriteLine($"lossSum += {GeneratedNames.ZeroIfFinite}(input);");
        writer.WriteLine($"{GeneratedNames.AddGradients}(input);");
        writer.CloseBlock();
        writer.WriteLine();
        FiniteCheckWriter.WriteBatchCheck(writer, number);
        WriteMeanStep(writer, context);
        writer.CloseBlock();
    }

    /// <summary>TrainBatch's step: every parameter moves with its mean gradient over the rows, one vectorised pass; then returns the mean loss.</summary>
    public static void WriteMeanStep(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        BlockedCode code = context.Code!;
        NumberType number = code.Number;
        if (shape.Options.Optimizer != Model.Optimizer.Sgd)
        {
            WriteOptimizerMeanStep(writer, context);
            return;
        }

        writer.WriteComment("Every row saw the same parameters; now step along the mean gradient: p -= (learningRate / rows) * g.");
        writer.WriteLine($"{number.Name} step = learningRate / rows;");
        writer.WriteLine(code.RefToArray("parameters", GeneratedNames.ParametersArray, null));
        writer.WriteLine(code.RefToArray("gradients", GeneratedNames.GradientsArray, null));
        writer.WriteLine("int n = 0;");
        writer.OpenBlock($"for (; n <= {GeneratedNames.ParameterCount} - {code.Count}; n += {code.Count})");
        writer.WriteLine(code.Store($"{code.Load("parameters", "n")} - {code.Load("gradients", "n")} * step", "parameters", "n"));
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock($"for (; n < {GeneratedNames.ParameterCount}; n++)");
        writer.WriteLine($"{code.At("parameters", "n")} -= step * {code.At("gradients", "n")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return lossSum / rows;");
    }

    // Momentum or Adam over every parameter at once, with the mean gradient g / rows.
    private static void WriteOptimizerMeanStep(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        BlockedCode code = context.Code!;
        NumberType number = code.Number;
        writer.WriteComment("Every row saw the same parameters; now every parameter takes a step with its mean gradient g / rows,");
        writer.WriteComment(UpdateWriter.OptimizerFormula(context));
        writer.WriteLine(code.RefToArray("parameters", GeneratedNames.ParametersArray, null));
        writer.WriteLine(code.RefToArray("gradients", GeneratedNames.GradientsArray, null));
        BlockedOptimizerWriter.WriteStateRefs(writer, context);
        UpdateWriter.WriteAdamStep(writer, context);
        writer.WriteLine($"{code.Vector} rowCount = new {code.Vector}(({number.Name})rows);");
        string v = BlockedPassesWriter.StateArrayRef(context, second: true);
        string m = BlockedPassesWriter.StateArrayRef(context, second: false);
        writer.WriteLine("int n = 0;");
        writer.OpenBlock($"for (; n <= {GeneratedNames.ParameterCount} - {code.Count}; n += {code.Count})");
        BlockedOptimizerWriter.WriteVectorStep(writer, context, $"{code.Load("gradients", "n")} / rowCount", "parameters", v, m, "n");
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock($"for (; n < {GeneratedNames.ParameterCount}; n++)");
        BlockedOptimizerWriter.WriteScalarStep(writer, context, $"{code.At("gradients", "n")} / rows", code.At("parameters", "n"), code.At(v, "n"), code.At(m, "n"));
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return lossSum / rows;");
    }

    public static void WriteRandomize(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        ParameterMethodsWriter.WriteRandomizeDocs(writer);
        writer.OpenBlock($"public void {GeneratedNames.Randomize}(ulong seed)");
        writer.WriteLine("global::Unrolled.SplitMix64 random = new global::Unrolled.SplitMix64(seed);");
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            string fanOut = NetworkShape.Number(shape.Size(layer));
            writer.WriteLine();
            ParameterMethodsWriter.WriteRange(writer, context, layer, "; the weights in order, then the biases");
            writer.OpenBlock($"for (int n = {GeneratedNames.WeightsStart(layer)}; n < {GeneratedNames.BiasesStart(layer)}; n++)");
            writer.WriteLine($"{GeneratedNames.ParametersArray}[n] = {ParameterMethodsWriter.Draw(number, $"r{l}")};");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"global::System.Array.Clear({GeneratedNames.ParametersArray}, {GeneratedNames.BiasesStart(layer)}, {fanOut});");
        }

        BlockedOptimizerWriter.WriteReset(writer, context);
        writer.CloseBlock();
    }

    public static void WriteCopyParametersTo(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        ParameterMethodsWriter.WriteCopyParametersToDocs(writer, context);
        writer.OpenBlock($"public void {GeneratedNames.CopyParametersTo}({number.Span} destination)");
        writer.WriteLine($"{Guard}.MinimumLength(destination.Length, {GeneratedNames.ParameterCount}, \"destination\");");
        writer.WriteLine($"new {number.ReadOnlySpan}({GeneratedNames.ParametersArray}).CopyTo(destination);");
        writer.CloseBlock();
    }

    public static void WriteSetParameters(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        ParameterMethodsWriter.WriteSetParametersDocs(writer, context);
        writer.OpenBlock($"public void {GeneratedNames.SetParameters}({number.ReadOnlySpan} source)");
        writer.WriteLine($"{Guard}.ExactLength(source.Length, {GeneratedNames.ParameterCount}, \"source\");");
        writer.WriteLine($"source.CopyTo({GeneratedNames.ParametersArray});");
        BlockedOptimizerWriter.WriteReset(writer, context);
        writer.CloseBlock();
    }

    // Small networks keep one sample's activations on the stack, so Predict and PredictBatch touch
    // no instance state but the parameters and can run on several threads at once.
    private static void WriteActivationsBuffer(SourceWriter writer, BlockedLayout layout, NumberType number)
    {
        writer.WriteLine(layout.ActivationsOnStack
            ? $"{number.Span} activations = stackalloc {number.Name}[{GeneratedNames.ActivationCount}];"
            : $"{number.Span} activations = {GeneratedNames.ActivationsArray};");
    }
}
