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

    public void WriteBatchBuffers(SourceWriter writer) => BlockedBatchWriter.WriteBuffers(writer, Context, training: !Context.IsFrozen);

    public void WritePredictBatch(SourceWriter writer) => BlockedBatchWriter.WritePredictBatch(writer, Context);

    public void WriteTrainBatch(SourceWriter writer) => BlockedBatchWriter.WriteTrainBatch(writer, Context);

    public void WriteCopyParametersTo(SourceWriter writer) => BlockedMethodsWriter.WriteCopyParametersTo(writer, Context);

    public void WriteSetParameters(SourceWriter writer) => BlockedMethodsWriter.WriteSetParameters(writer, Context);

    public void WriteOptimizerState(SourceWriter writer) => PersistenceWriter.WriteBlockedState(writer, Context);

    /// <summary>The batch passes and the vector helpers; a frozen network checks no update, so it has no ZeroIfFinite.</summary>
    public void WriteHelpers(SourceWriter writer)
    {
        bool training = !Context.IsFrozen;
        BlockedBatchWriter.WritePasses(writer, Context, training);
        writer.WriteLine();
        if (training)
        {
            BlockedPassesWriter.WriteZeroIfFinite(writer, Context);
            writer.WriteLine();
        }

        if (training)
        {
            BlockedHelpersWriter.WriteAll(writer, Context);
        }
        else
        {
            BlockedPassesWriter.WriteDotProduct(writer, Context.Code);
        }

        if (VectorExpWriter.Applies(Context))
        {
            writer.WriteLine();
            VectorExpWriter.Write(writer, Lanes.NumericsVector(Context.Number));
            if (Context.Spec.HasRefAccess)
            {
                // The same exp on 512-bit vectors, for the exp loops' first pass where the hardware has them.
                writer.WriteLine();
                VectorExpWriter.Write(writer, Lanes.Vector512(Context.Number));
            }
        }
    }
}
