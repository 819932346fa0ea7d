using Unrolled.Generator.Emit.Frozen;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>The blocked layout: one parameter array (or, frozen, one static array), each layer a loop over rows of its weight matrix.</summary>
internal sealed class BlockedEmitter(BlockedEmitContext context) : ILayoutEmitter
{
    EmitContext ILayoutEmitter.Context => Context;

    public BlockedEmitContext Context { get; } = context;

    public void WriteLesson(SourceWriter writer)
    {
        DeclarationsWriter.WriteConstants(writer, Context);
        if (Context.IsFrozen)
        {
            FrozenWriter.WriteParameterArray(writer, Context);
            BlockedDeclarationsWriter.WriteLayout(writer, Context, withTrainingBuffers: false);
            writer.WriteLine();
            BlockedMethodsWriter.WritePredict(writer, Context);
            writer.WriteLine();
            BlockedPassesWriter.WriteForwardPass(writer, Context);
            return;
        }

        BlockedDeclarationsWriter.Write(writer, Context);
        BlockedOptimizerWriter.WriteState(writer, Context);
        writer.WriteLine();
        BlockedMethodsWriter.WritePredict(writer, Context);
        writer.WriteLine();
        BlockedMethodsWriter.WriteTrain(writer, Context);
        writer.WriteLine();
        BlockedMethodsWriter.WriteRandomize(writer, Context);
        writer.WriteLine();
        BlockedPassesWriter.WriteForwardPass(writer, Context);
        writer.WriteLine();
        BlockedPassesWriter.WriteBackwardPass(writer, Context);
        writer.WriteLine();
        BlockedPassesWriter.WriteStepAlongGradient(writer, Context);
    }

    public void WriteMachinery(SourceWriter writer)
    {
        bool training = !Context.IsFrozen;
        DeclarationsWriter.WriteLayerSizes(writer, Context);
        PersistenceWriter.WriteDescription(writer, Context);
        writer.WriteLine();
        BlockedBatchWriter.WriteBuffers(writer, Context, training);
        BlockedBatchWriter.WritePredictBatch(writer, Context);
        writer.WriteLine();
        if (!training)
        {
            BlockedMethodsWriter.WriteCopyParametersTo(writer, Context);
            BlockedBatchWriter.WritePasses(writer, Context, training: false);
            writer.WriteLine();
            BlockedPassesWriter.WriteDotProduct(writer, Context.Code);
            writer.WriteLine();
            PersistenceWriter.WriteExportOnnx(writer, Context);
            DeclarationsWriter.WriteInterfaceCounts(writer, Context.PredictorInterface);
            return;
        }

        BlockedBatchWriter.WriteTrainBatch(writer, Context);
        writer.WriteLine();
        BlockedMethodsWriter.WriteCopyParametersTo(writer, Context);
        writer.WriteLine();
        BlockedMethodsWriter.WriteSetParameters(writer, Context);
        writer.WriteLine();
        PersistenceWriter.WriteSaveAndLoad(writer, Context);
        PersistenceWriter.WriteBlockedState(writer, Context);
        BlockedBatchWriter.WritePasses(writer, Context, training: true);
        writer.WriteLine();
        BlockedPassesWriter.WriteZeroIfFinite(writer, Context.Code);
        writer.WriteLine();
        BlockedHelpersWriter.WriteAll(writer, Context);
        DeclarationsWriter.WriteInterfaceCounts(writer, Context.PredictorInterface);
    }
}
