using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.StraightLine;

/// <summary>Writes the lesson's Predict and Train: argument checks around the unrolled passes of one sample.</summary>
internal static class TrainingMethodsWriter
{
    private const string Guard = GuardCode.TypeName;

    public static void WritePredict(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        MemberDocs.WritePredict(writer, context);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"public {context.ReadonlyModifier}void {GeneratedNames.Predict}({shape.NumberType.ReadOnlySpan} input, {shape.NumberType.Span} output)");
        writer.WriteLine($"{Guard}.ExactLength(input.Length, {GeneratedNames.InputCount}, \"input\");");
        writer.WriteLine($"{Guard}.MinimumLength(output.Length, {GeneratedNames.OutputCount}, \"output\");");
        writer.WriteLine();
        ForwardPassWriter.Write(writer, context, "input");
        writer.WriteLine();
        writer.WriteComment("The outputs.");
        for (int k = 0; k < shape.OutputCount; k++)
        {
            writer.WriteLine($"output[{NetworkShape.Number(k)}] = {shape.Activation(shape.OutputLayer, k)};");
        }

        writer.CloseBlock();
    }

    public static void WriteTrain(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        MemberDocs.WriteTrain(writer, context);
        NumberType number = shape.NumberType;
        HotMethod.Write(writer, context);
        writer.OpenBlock($"public {number.Name} {GeneratedNames.Train}({number.ReadOnlySpan} input, {number.ReadOnlySpan} target, {number.Name} learningRate)");
        writer.WriteLine($"{Guard}.ExactLength(input.Length, {GeneratedNames.InputCount}, \"input\");");
        writer.WriteLine($"{Guard}.ExactLength(target.Length, {GeneratedNames.OutputCount}, \"target\");");
        GuardCode.WriteLearningRateCheck(writer);
        writer.WriteLine();
        ForwardPassWriter.Write(writer, context, "input");
        writer.WriteLine();
        BackpropagationWriter.WriteDeltas(writer, context, "target", loss => $"{number.Name} loss = {loss};");
        UpdateWriter.WriteSampleUpdates(writer, context);
        writer.WriteLine();
        writer.WriteLine("return loss;");
        writer.CloseBlock();
    }
}
