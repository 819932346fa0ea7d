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

    /// <summary>None: the straight-line batch methods work in locals.</summary>
    public void WriteBatchBuffers(SourceWriter writer)
    {
    }

    public void WritePredictBatch(SourceWriter writer) => BatchMethodsWriter.WritePredictBatch(writer, Context);

    public void WriteTrainBatch(SourceWriter writer) => BatchMethodsWriter.WriteTrainBatch(writer, Context);

    public void WriteCopyParametersTo(SourceWriter writer) => ParameterMethodsWriter.WriteCopyParametersTo(writer, Context);

    public void WriteSetParameters(SourceWriter writer) => ParameterMethodsWriter.WriteSetParameters(writer, Context);

    public void WriteOptimizerState(SourceWriter writer) => PersistenceWriter.WriteUnrolledState(writer, Context);

    /// <summary>None: every straight-line method is written out in full.</summary>
    /// <summary>The vector exp of a double network's SIMD batch paths: 512-bit and 256-bit.</summary>
    public void WriteHelpers(SourceWriter writer)
    {
        if (Context.Vectorize && VectorExpWriter.Applies(Context))
        {
            // Without a branch: these methods inline many exps into one body, where a call, even one never
            // taken, would keep every live vector out of the registers a call may overwrite.
            VectorExpWriter.Write(writer, Lanes.Vector512(Context.Shape.NumberType), branchToExtremes: false);
            writer.WriteLine();
            VectorExpWriter.Write(writer, Lanes.Vector256(Context.Shape.NumberType), branchToExtremes: false);
            writer.WriteLine();
        }
    }
}
