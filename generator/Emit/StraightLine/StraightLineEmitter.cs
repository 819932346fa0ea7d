using Unrolled.Generator.Emit.Frozen;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.StraightLine;

/// <summary>The straight-line layout: a field (or, frozen, a constant) per parameter, every method unrolled neuron by neuron.</summary>
internal sealed class StraightLineEmitter(EmitContext context) : ILayoutEmitter
{
    public EmitContext Context { get; } = context;

    public void WriteLesson(SourceWriter writer)
    {
        DeclarationsWriter.WriteConstants(writer, Context);
        if (Context.IsFrozen)
        {
            FrozenWriter.WriteParameterConstants(writer, Context);
            writer.WriteLine();
            TrainingMethodsWriter.WritePredict(writer, Context);
            return;
        }

        DeclarationsWriter.WriteFields(writer, Context);
        UpdateWriter.WriteState(writer, Context);
        writer.WriteLine();
        // One sample forward (Predict), then forward and backward (Train).
        TrainingMethodsWriter.WritePredict(writer, Context);
        writer.WriteLine();
        TrainingMethodsWriter.WriteTrain(writer, Context);
        writer.WriteLine();
        ParameterMethodsWriter.WriteRandomize(writer, Context);
    }

    public void WriteMachinery(SourceWriter writer)
    {
        DeclarationsWriter.WriteLayerSizes(writer, Context);
        PersistenceWriter.WriteDescription(writer, Context);
        writer.WriteLine();
        BatchMethodsWriter.WritePredictBatch(writer, Context);
        writer.WriteLine();
        if (Context.IsFrozen)
        {
            ParameterMethodsWriter.WriteCopyParametersTo(writer, Context);
            writer.WriteLine();
            PersistenceWriter.WriteExportOnnx(writer, Context);
            DeclarationsWriter.WriteInterfaceCounts(writer, Context.PredictorInterface);
            return;
        }

        BatchMethodsWriter.WriteTrainBatch(writer, Context);
        writer.WriteLine();
        ParameterMethodsWriter.WriteCopyParametersTo(writer, Context);
        writer.WriteLine();
        ParameterMethodsWriter.WriteSetParameters(writer, Context);
        writer.WriteLine();
        PersistenceWriter.WriteSaveAndLoad(writer, Context);
        PersistenceWriter.WriteUnrolledState(writer, Context);
        DeclarationsWriter.WriteInterfaceCounts(writer, Context.PredictorInterface);
    }
}
