using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>Writes the blocked layout's public members: argument checks, then the private passes.</summary>
internal static class BlockedMethodsWriter
{
    private const string Guard = GuardCode.TypeName;

    public static void WritePredict(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout;
        MemberDocs.WritePredict(writer, context);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"public void {GeneratedNames.Predict}({number.ReadOnlySpan} input, {number.Span} output)");
        writer.WriteLine($"{Guard}.ExactLength(input.Length, {GeneratedNames.InputCount}, \"input\");");
        writer.WriteLine($"{Guard}.MinimumLength(output.Length, {GeneratedNames.OutputCount}, \"output\");");
        WriteActivationsBuffer(writer, layout, number);
        writer.WriteLine($"{GeneratedNames.ForwardPass}(input, activations);");
        writer.WriteLine($"activations.Slice({GeneratedNames.ActivationsStart(shape.OutputLayer)}, {GeneratedNames.OutputCount}).CopyTo(output);");
        writer.CloseBlock();
    }

    public static void WriteTrain(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        MemberDocs.WriteTrain(writer, context);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"public {number.Name} {GeneratedNames.Train}({number.ReadOnlySpan} input, {number.ReadOnlySpan} target, {number.Name} learningRate)");
        writer.WriteLine($"{Guard}.ExactLength(input.Length, {GeneratedNames.InputCount}, \"input\");");
        writer.WriteLine($"{Guard}.ExactLength(target.Length, {GeneratedNames.OutputCount}, \"target\");");
        GuardCode.WriteLearningRateCheck(writer);
        writer.WriteLine($"{GeneratedNames.ForwardPass}(input, {GeneratedNames.ActivationsArray});");
        writer.WriteLine($"{number.Name} loss = {GeneratedNames.BackwardPass}(target);");
        writer.WriteComment("A NaN or infinity in the sample or the loss would spread into every parameter it touches: then the step changes nothing.");
        writer.WriteLine($"{number.Name} check = loss + {GeneratedNames.ZeroIfFinite}(input);");
        GuardCode.WriteReturnIfNotFinite(writer, number, "check", "check");
        writer.WriteLine();
        writer.WriteComment("The new values go to the spare arrays. Finite arguments can still overflow there (an input of 1e308, a learning " +
            "rate of 1e308): then check is NaN, and the step changes nothing.");
        writer.WriteLine($"check += {GeneratedNames.StepAlongGradient}(input, learningRate);");
        GuardCode.WriteReturnIfNotFinite(writer, number, "check", "check");
        writer.WriteLine();
        BlockedOptimizerWriter.WriteSwap(writer, context);
        writer.WriteLine("return loss;");
        writer.CloseBlock();
    }

    /// <summary>PredictBatch one row after another, for networks whose block of rows would not fit on the stack.</summary>
    public static void WritePredictBatchRowByRow(SourceWriter writer, BlockedEmitContext context)
    {
        NumberType number = context.Number;
        MemberDocs.WritePredictBatch(writer, context, "Rows are computed one after another, each layer a SIMD vector of weights at a time. " +
            "Not safe to call from several threads at once on one network: each row's activations go to the network's own buffer, as Predict's do.");
        HotMethod.Write(writer, context);
        writer.OpenBlock($"public void {GeneratedNames.PredictBatch}({number.ReadOnlySpan} inputs, {number.Span} outputs)");
        writer.WriteLine($"int rows = {Guard}.PredictionRowCount(inputs.Length, {GeneratedNames.InputCount}, outputs.Length, {GeneratedNames.OutputCount});");
        WriteRowLoop(writer, context);
        writer.CloseBlock();
    }

    /// <summary>PredictBatch's loop over the rows one at a time, each through Predict's forward pass into Predict's buffer.</summary>
    public static void WriteRowLoop(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        WriteActivationsBuffer(writer, context.Layout, number);
        writer.OpenBlock("for (int row = 0; row < rows; row++)");
        writer.WriteLine($"{GeneratedNames.ForwardPass}(inputs.Slice(row * {GeneratedNames.InputCount}, {GeneratedNames.InputCount}), activations);");
        writer.WriteLine($"activations.Slice({GeneratedNames.ActivationsStart(shape.OutputLayer)}, {GeneratedNames.OutputCount}).CopyTo(outputs.Slice(row * {GeneratedNames.OutputCount}, {GeneratedNames.OutputCount}));");
        writer.CloseBlock();
    }

    /// <summary>TrainBatch one row after another, for networks whose block of rows would take too much memory.</summary>
    public static void WriteTrainBatchRowByRow(SourceWriter writer, BlockedEmitContext context)
    {
        NumberType number = context.Number;
        MemberDocs.WriteTrainBatch(writer, context, "Rows are computed one after another, each layer a SIMD vector of weights at a time.");
        HotMethod.Write(writer, context);
        writer.OpenBlock($"public {number.Name} {GeneratedNames.TrainBatch}({number.ReadOnlySpan} inputs, {number.ReadOnlySpan} targets, {number.Name} learningRate)");
        writer.WriteLine($"int rows = {Guard}.RowCount(inputs.Length, {GeneratedNames.InputCount}, targets.Length, {GeneratedNames.OutputCount});");
        GuardCode.WriteLearningRateCheck(writer);
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
        GuardCode.WriteBatchCheck(writer, number);
        WriteMeanStep(writer, context);
        writer.CloseBlock();
    }

    /// <summary>
    /// TrainBatch's step: every parameter's new value with its mean gradient over the rows, one vectorised
    /// pass into the gradients array (and the optimizer's spares); then, only if every new value is finite,
    /// the swap that makes them the network's; then returns the mean loss.
    /// </summary>
    public static void WriteMeanStep(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        BlockedCode code = context.Code;
        NumberType number = code.Number;
        OptimizerCode optimizer = OptimizerCode.For(shape.Options.Optimizer);
        writer.WriteComment(optimizer.State.Count == 0
            ? "Every row saw the same parameters; now the new values along the mean gradient, p - (learningRate / rows) * g, " +
                "written over the gradients they come from."
            : "Every row saw the same parameters; now each parameter's new values with its mean gradient g / rows, written over " +
                "the gradients they come from and into the optimizer's spares; " + BlockedOptimizerWriter.Formula(context));
        string newParameters = BlockedOptimizerWriter.Spare("parameters");
        writer.WriteLine(code.RefToArray("parameters", GeneratedNames.ParametersArray, null));
        writer.WriteLine(code.RefToArray("gradients", GeneratedNames.GradientsArray, null));
        writer.WriteLine(code.RefToArray(newParameters, GeneratedNames.GradientsArray, null));
        BlockedOptimizerWriter.WriteStateRefs(writer, context);
        BlockedOptimizerWriter.WriteStepPrelude(writer, context);
        optimizer.WriteMeanPrelude(writer, number);
        optimizer.WriteMeanVectorPrelude(writer, number, code.Vector);
        BlockedPassesWriter.WriteCheckAccumulators(writer, code);
        string v = BlockedPassesWriter.StateArrayRef(context, second: true);
        string m = BlockedPassesWriter.StateArrayRef(context, second: false);
        writer.WriteLine("int n = 0;");
        if (WideAdam(context))
        {
            BlockedCode wide = code.Wide;
            writer.WriteComment("512-bit vectors first where the hardware has them (Vector<T> stays 256 bits wide there): Adam's square " +
                "root and division take fewer cycles per number so. The Vector<T> loop below takes what is left.");
            writer.OpenBlock($"if ({wide.IsHardwareAccelerated})");
            writer.WriteLine($"{wide.Vector} wideDifferences = {wide.VectorZero};");
            writer.OpenBlock($"for (; n <= {GeneratedNames.ParameterCount} - {wide.Count}; n += {wide.Count})");
            BlockedOptimizerWriter.WriteMeanVectorStep(writer, context, wide, "wideDifferences", wide.Load("gradients", "n"), "parameters", v, m, "n");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"difference = {wide.Sum("wideDifferences")};");
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.OpenBlock($"for (; n <= {GeneratedNames.ParameterCount} - {code.Count}; n += {code.Count})");
        BlockedOptimizerWriter.WriteMeanVectorStep(writer, context, code.Load("gradients", "n"), "parameters", v, m, "n");
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock($"for (; n < {GeneratedNames.ParameterCount}; n++)");
        BlockedOptimizerWriter.WriteMeanScalarStep(writer, context, code.At("gradients", "n"),
            (code.At("parameters", "n"), code.At(v, "n"), code.At(m, "n")),
            (code.At(newParameters, "n"), code.At(BlockedOptimizerWriter.Spare(v), "n"), code.At(BlockedOptimizerWriter.Spare(m), "n")));
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteComment("w - w is 0 for a finite w and NaN otherwise: a new value that overflowed makes check NaN, and the step changes nothing.");
        writer.WriteLine($"{number.Name} check = lossSum + {BlockedPassesWriter.CheckValue(code)};");
        GuardCode.WriteReturnIfNotFinite(writer, number, "check", "check / rows");
        writer.WriteLine();
        BlockedOptimizerWriter.WriteSwap(writer, context);
        writer.WriteLine("return lossSum / rows;");
    }

    /// <summary>
    /// Whether TrainBatch's Adam step gets a 512-bit pass before the Vector&lt;T&gt; one: in a double network whose
    /// target has Vector512 (.NET 9 on, <see cref="Model.NetworkSpec.HasVectorExp"/>). The square root bounds the
    /// step (its division is AVX-512's reciprocal estimate and two Newton steps, see AdamCode): 2,410 doubles 9% faster
    /// on 512-bit vectors on Zen 4, measured alone before the reciprocal replaced the division (floats were not faster).
    /// </summary>
    private static bool WideAdam(BlockedEmitContext context) =>
        context.Shape.Options.Optimizer == Model.Optimizer.Adam && context.Number == NumberType.Double
        && context.Spec.HasVectorExp && context.Spec.HasRefAccess;

    public static void WriteRandomize(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        MemberDocs.WriteRandomize(writer);
        writer.OpenBlock($"public void {GeneratedNames.Randomize}(ulong seed)");
        writer.WriteLine("global::Unrolled.SplitMix64 random = new global::Unrolled.SplitMix64(seed);");
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            string fanOut = NetworkShape.Number(shape.Size(layer));
            writer.WriteLine();
            InitializerCode.WriteRange(writer, context, layer, "; the weights in order, then the biases");
            writer.OpenBlock($"for (int n = {GeneratedNames.WeightsStart(layer)}; n < {GeneratedNames.BiasesStart(layer)}; n++)");
            writer.WriteLine($"{GeneratedNames.ParametersArray}[n] = {InitializerCode.Draw(number, $"r{l}")};");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"global::System.Array.Clear({GeneratedNames.ParametersArray}, {GeneratedNames.BiasesStart(layer)}, {fanOut});");
        }

        BlockedOptimizerWriter.WriteReset(writer, context);
        writer.CloseBlock();
    }

    public static void WriteCopyParametersTo(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        MemberDocs.WriteCopyParametersTo(writer, context);
        writer.OpenBlock($"public void {GeneratedNames.CopyParametersTo}({number.Span} destination)");
        writer.WriteLine($"{Guard}.MinimumLength(destination.Length, {GeneratedNames.ParameterCount}, \"destination\");");
        writer.WriteLine($"new {number.ReadOnlySpan}({GeneratedNames.ParametersArray}).CopyTo(destination);");
        writer.CloseBlock();
    }

    public static void WriteSetParameters(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        MemberDocs.WriteSetParameters(writer, context);
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
