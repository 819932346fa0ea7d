using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit;

/// <summary>
/// The order of the machinery file's members, one for every layout: the layer sizes and the saved
/// description, the batch methods, the parameter methods, Save and Load (a frozen network: ExportOnnx
/// only), the layout's helpers, and the interface members. The shared parts are written here; the
/// layout's own parts are asked of its <see cref="ILayoutEmitter"/>.
/// </summary>
internal static class MachinerySequence
{
    public static void Write(SourceWriter writer, ILayoutEmitter layout)
    {
        EmitContext context = layout.Context;
        DeclarationsWriter.WriteLayerSizes(writer, context);
        PersistenceWriter.WriteDescription(writer, context);
        writer.WriteLine();
        layout.WriteBatchBuffers(writer);
        layout.WritePredictBatch(writer);
        writer.WriteLine();
        if (context.IsFrozen)
        {
            // Constant weights: nothing trains, sets parameters or saves state, so only the export follows.
            layout.WriteCopyParametersTo(writer);
            layout.WriteHelpers(writer);
            writer.WriteLine();
            PersistenceWriter.WriteExportOnnx(writer, context);
            DeclarationsWriter.WriteInterfaceCounts(writer, context.PredictorInterface);
            return;
        }

        layout.WriteTrainBatch(writer);
        writer.WriteLine();
        layout.WriteCopyParametersTo(writer);
        writer.WriteLine();
        layout.WriteSetParameters(writer);
        writer.WriteLine();
        PersistenceWriter.WriteSaveAndLoad(writer, context);
        layout.WriteOptimizerState(writer);
        layout.WriteHelpers(writer);
        DeclarationsWriter.WriteInterfaceCounts(writer, context.PredictorInterface);
    }
}
