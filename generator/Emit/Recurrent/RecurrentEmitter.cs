using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>The recurrent layout: cells of GRU or LSTM units stepped through time, the parameters in one array in PyTorch's order.</summary>
internal sealed class RecurrentEmitter(RecurrentEmitContext context) : ILayoutEmitter
{
    EmitContext ILayoutEmitter.Context => Context;

    public RecurrentEmitContext Context { get; } = context;

    public void WriteHeader(SourceWriter writer) => RecurrentHeaderWriter.Write(writer, Context);

    public void WriteLesson(SourceWriter writer)
    {
        RecurrentLessonWriter.WriteDeclarations(writer, Context);
        writer.WriteLine();
        RecurrentLessonWriter.WriteStep(writer, Context);
        writer.WriteLine();
        RecurrentLessonWriter.WriteTrainSequence(writer, Context);
        for (int layer = 1; layer < Context.Shape.OutputLayer; layer++)
        {
            writer.WriteLine();
            RecurrentLessonWriter.WriteCellForward(writer, Context, layer);
        }

        writer.WriteLine();
        RecurrentLessonWriter.WriteAddSequenceGradients(writer, Context);
        for (int layer = Context.Shape.OutputLayer - 1; layer >= 1; layer--)
        {
            writer.WriteLine();
            RecurrentLessonWriter.WriteCellBackward(writer, Context, layer);
        }
    }

    public void WriteMachinery(SourceWriter writer)
    {
        RecurrentLessonWriter.WriteBuffers(writer, Context);
        DeclarationsWriter.WriteLayerSizes(writer, Context);
        writer.WriteLine();
        RecurrentLessonWriter.WriteResetState(writer, Context);
        writer.WriteLine();
        RecurrentLessonWriter.WriteRandomize(writer, Context);
        writer.WriteLine();
        RecurrentOptimizerWriter.WriteStepAlongGradient(writer, Context);
        writer.WriteLine();
        RecurrentMachineryWriter.WriteTrainSequenceBatch(writer, Context);
        writer.WriteLine();
        RecurrentMachineryWriter.WriteStepIfFinite(writer, Context);
        writer.WriteLine();
        RecurrentMachineryWriter.WriteParameterCopying(writer, Context);
        writer.WriteLine();
        RecurrentMachineryWriter.WriteOutputLayer(writer, Context);
        writer.WriteLine();
        RecurrentMachineryWriter.WriteEnsureTrace(writer, Context.Number);
        writer.WriteLine();
        RecurrentMachineryWriter.WriteZeroIfFinite(writer, Context.Number);
        writer.WriteLine();
        RecurrentMachineryWriter.WritePackColumns(writer, Context);
        writer.WriteLine();
        RecurrentMachineryWriter.WriteVectorHelpers(writer, Context);
        DeclarationsWriter.WriteInterfaceCounts(writer, Context.RecurrentInterface);
    }
}
