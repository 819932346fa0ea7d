using Unrolled.Generator.Emit.Recurrent.StraightLine;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>The recurrent layout: cells of GRU or LSTM units stepped through time, the parameters in one array in PyTorch's order.</summary>
/// <remarks>
/// A network within <see cref="NetworkLimits.LayoutFor"/> gets the straight-line cells of <see cref="RecurrentStraightLine"/>
/// (Step, each cell's forward and backward step written out); a larger one the blocked cells, loops over spans with
/// SIMD kernels. A frozen network, which has no optimizer, takes the layout of its size with SGD. Everything else is shared. It writes both files whole: a recurrent network has none of the feedforward machinery (batch prediction) that
/// <see cref="MachinerySequence"/> orders; its persistence is the same writer's, its ONNX members RecurrentOnnxWriter's. Frozen (a weights file's parameters, compiled in), it keeps Step, ResetState, the counts and CopyParametersTo.
/// </remarks>
internal sealed class RecurrentEmitter(RecurrentEmitContext context)
{
    public RecurrentEmitContext Context { get; } = context;

    private bool StraightLine { get; } = RecurrentStraightLine.Applies(context);

    public void MachineryIntroduction(SourceWriter writer)
    {
        if (Context.IsFrozen && StraightLine)
        {
            writer.WriteComment($"The machinery of {Context.Spec.TypeName}: parameter copying and the output layer. The lesson, with the cell's");
            writer.WriteComment("equations, the trained parameters and one time step forward, is in the other file.");
            return;
        }

        if (Context.IsFrozen)
        {
            writer.WriteComment($"The machinery of {Context.Spec.TypeName}: parameter copying, the output layer, the packing of the columns and");
            writer.WriteComment("the vector helpers the cells' loops call. The lesson, with the cell's equations, the trained parameters and one");
            writer.WriteComment("time step forward, is in the other file.");
            return;
        }

        if (StraightLine)
        {
            writer.WriteComment($"The machinery of {Context.Spec.TypeName}: training on batches of sequences, parameter copying, the output layer,");
            writer.WriteComment("the output layer's and each cell's gradient statements, and the interface members. The lesson, with the");
            writer.WriteComment("cell's equations, one time step forward and backpropagation through time, is in the other file.");
            return;
        }

        writer.WriteComment($"The machinery of {Context.Spec.TypeName}: training on batches of sequences, parameter copying, the output layer,");
        writer.WriteComment("the vector helpers the cells' loops call and the interface members. The lesson, with the cell's equations,");
        writer.WriteComment("one time step forward and backpropagation through time, is in the other file.");
    }

    public void WriteHeader(SourceWriter writer) => RecurrentHeaderWriter.Write(writer, Context);

    public void WriteLesson(SourceWriter writer)
    {
        if (Context.IsFrozen)
        {
            WriteFrozenLesson(writer);
            return;
        }

        RecurrentLessonWriter.WriteDeclarations(writer, Context);
        writer.WriteLine();
        if (StraightLine)
        {
            RecurrentStraightLineLesson.WriteStep(writer, Context);
        }
        else
        {
            RecurrentLessonWriter.WriteStep(writer, Context);
        }

        writer.WriteLine();
        RecurrentLessonWriter.WriteTrainSequence(writer, Context);
        for (int layer = 1; layer < Context.Shape.OutputLayer; layer++)
        {
            writer.WriteLine();
            if (StraightLine)
            {
                RecurrentStraightLineLesson.WriteCellForward(writer, Context, layer);
            }
            else
            {
                RecurrentLessonWriter.WriteCellForward(writer, Context, layer);
            }
        }

        writer.WriteLine();
        RecurrentLessonWriter.WriteAddSequenceGradients(writer, Context);
        for (int layer = Context.Shape.OutputLayer - 1; layer >= 1; layer--)
        {
            writer.WriteLine();
            if (StraightLine)
            {
                RecurrentStraightLineLesson.WriteCellBackward(writer, Context, layer);
            }
            else
            {
                RecurrentLessonWriter.WriteCellBackward(writer, Context, layer);
            }
        }
    }

    public void WriteMachinery(SourceWriter writer)
    {
        if (Context.IsFrozen)
        {
            WriteFrozenMachinery(writer);
            return;
        }

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
        PersistenceWriter.WriteDescription(writer, Context, Context.Layout.ParameterCount);
        writer.WriteLine();
        PersistenceWriter.WriteSaveAndLoad(writer, Context, Context.Layout.ParameterCount);
        PersistenceWriter.WriteBlockedState(writer, Context);
        writer.WriteLine();
        RecurrentOnnxWriter.Write(writer, Context);
        writer.WriteLine();
        RecurrentMachineryWriter.WriteOutputLayer(writer, Context);
        writer.WriteLine();
        RecurrentMachineryWriter.WriteEnsureTrace(writer, Context.Number);
        writer.WriteLine();
        RecurrentMachineryWriter.WriteZeroIfFinite(writer, Context.Number);
        writer.WriteLine();
        if (StraightLine)
        {
            WriteStraightLineMachinery(writer);
        }
        else
        {
            RecurrentMachineryWriter.WritePackColumns(writer, Context);
            writer.WriteLine();
            RecurrentMachineryWriter.WriteVectorHelpers(writer, Context);
            writer.WriteLine();
            RecurrentStepKernelWriter.WriteGateSums(writer, Context);
            writer.WriteLine();
            RecurrentStepKernelWriter.WriteCellStep(writer, Context, Context.Layout.CellOf(1));
        }

        DeclarationsWriter.WriteInterfaceCounts(writer, Context.RecurrentInterface);
    }

    // The output layer's and each cell's gradient statements, a PackColumns with nothing to pack, and the gates'
    // sigmoid and tanh; the output layer itself, written out, is with training's (RecurrentMachineryWriter).
    private void WriteStraightLineMachinery(SourceWriter writer)
    {
        RecurrentStraightLineMachinery.WriteNoPacking(writer);
        RecurrentMachineryWriter.WriteActivationHelpers(writer, Context);
        writer.WriteLine();
        RecurrentStraightLineMachinery.WriteOutputGradients(writer, Context);
        for (int layer = 1; layer < Context.Shape.OutputLayer; layer++)
        {
            writer.WriteLine();
            RecurrentStraightLineMachinery.WriteGradients(writer, Context, layer);
        }
    }

    // A frozen network steps with the trainable one's Step and cells over the file's parameters; nothing trains. Of
    // straight-line size it has the straight-line Step and forward steps, which need no packed columns or kernels.
    private void WriteFrozenLesson(SourceWriter writer)
    {
        RecurrentFrozenWriter.WriteDeclarations(writer, Context);
        writer.WriteLine();
        if (!StraightLine)
        {
            RecurrentLessonWriter.WriteStep(writer, Context);
            return;
        }

        RecurrentStraightLineLesson.WriteStep(writer, Context);
        for (int layer = 1; layer < Context.Shape.OutputLayer; layer++)
        {
            writer.WriteLine();
            RecurrentStraightLineLesson.WriteCellForward(writer, Context, layer);
        }
    }

    private void WriteFrozenMachinery(SourceWriter writer)
    {
        RecurrentFrozenWriter.WriteBuffers(writer, Context);
        DeclarationsWriter.WriteLayerSizes(writer, Context);
        writer.WriteLine();
        RecurrentLessonWriter.WriteResetState(writer, Context);
        writer.WriteLine();
        RecurrentMachineryWriter.WriteParameterCopying(writer, Context);
        writer.WriteLine();
        RecurrentMachineryWriter.WriteOutputLayer(writer, Context);
        if (StraightLine)
        {
            RecurrentMachineryWriter.WriteActivationHelpers(writer, Context);
        }
        else
        {
            writer.WriteLine();
            RecurrentFrozenWriter.WritePackedColumns(writer, Context);
            writer.WriteLine();
            RecurrentMachineryWriter.WriteVectorHelpers(writer, Context);
            writer.WriteLine();
            RecurrentStepKernelWriter.WriteGateSums(writer, Context);
            writer.WriteLine();
            RecurrentStepKernelWriter.WriteCellStep(writer, Context, Context.Layout.CellOf(1));
        }

        DeclarationsWriter.WriteInterfaceCounts(writer, Context.RecurrentInterface);
    }
}
