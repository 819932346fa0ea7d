using Unrolled.Generator.Model;
using Unrolled.Generator.Emit.Blocked;
using Unrolled.Generator.Emit.Frozen;
using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Emit.StraightLine;

namespace Unrolled.Generator.Emit;

/// <summary>Writes the source file of one network from its spec. Pure: the same spec always gives the same text.</summary>
internal static class NetworkEmitter
{
    public static string Emit(NetworkSpec spec)
    {
        var shape = new NetworkShape(spec.Layers, spec.Options);
        var writer = new SourceWriter();

        HeaderCommentWriter.Write(writer, spec, shape);
        writer.WriteLine();
        writer.WriteLine("#nullable enable");
        writer.WriteLine();

        bool hasNamespace = spec.Namespace.Length > 0;
        if (hasNamespace)
        {
            writer.OpenBlock($"namespace {spec.Namespace}");
        }

        foreach (ContainingTypeSpec container in spec.ContainingTypes)
        {
            writer.OpenBlock($"partial {container.Keyword} {container.Name}");
        }

        if (spec.AutoLayout)
        {
            // Fields split across partial parts of a struct have no defined order (CS0282) unless the layout is Auto.
            writer.WriteLine("[global::System.Runtime.InteropServices.StructLayout(global::System.Runtime.InteropServices.LayoutKind.Auto)]");
        }

        // A frozen network only predicts, so it implements the predict-only interface.
        writer.OpenBlock(spec.Frozen is { IsResolved: true }
            ? $"partial {spec.TypeKeyword} {spec.TypeName} : {PredictorInterfaceName(spec.Options.Precision)}"
            : $"partial {spec.TypeKeyword} {spec.TypeName} : {InterfaceName(spec.Options.Precision)}");
        if (spec.Frozen is { IsResolved: true })
        {
            FrozenWriter.WriteMembers(writer, spec, shape, spec.TypeKeyword == "struct" ? "readonly " : string.Empty);
        }
        else if (spec.Layout == NetworkLayout.Blocked)
        {
            WriteBlockedMembers(writer, spec, shape);
        }
        else
        {
            WriteMembers(writer, spec, shape);
        }

        writer.CloseBlock();

        for (int i = 0; i < spec.ContainingTypes.Count; i++)
        {
            writer.CloseBlock();
        }

        if (hasNamespace)
        {
            writer.CloseBlock();
        }

        return writer.ToString();
    }

    private static void WriteMembers(SourceWriter writer, NetworkSpec spec, NetworkShape shape)
    {
        bool isStruct = spec.TypeKeyword == "struct";
        // Members that only read the parameters are readonly on structs, so calling them on a
        // readonly field or an 'in' parameter makes no defensive copy.
        string readonlyModifier = isStruct ? "readonly " : string.Empty;

        DeclarationsWriter.WriteConstants(writer, shape);
        DeclarationsWriter.WriteFields(writer, shape);
        UpdateWriter.WriteState(writer, shape);
        PersistenceWriter.WriteDescription(writer, shape);
        writer.WriteLine();
        // The lesson first: one sample forward (Predict), then forward and backward (Train). The
        // batch methods, with their SIMD paths, come after.
        TrainingMethodsWriter.WritePredict(writer, shape, readonlyModifier);
        writer.WriteLine();
        TrainingMethodsWriter.WriteTrain(writer, shape);
        writer.WriteLine();
        TrainingMethodsWriter.WritePredictBatch(writer, shape, readonlyModifier, spec.Vectorize);
        writer.WriteLine();
        TrainingMethodsWriter.WriteTrainBatch(writer, shape, spec.Vectorize);
        writer.WriteLine();
        ParameterMethodsWriter.WriteRandomize(writer, shape);
        writer.WriteLine();
        ParameterMethodsWriter.WriteCopyParametersTo(writer, shape, readonlyModifier);
        writer.WriteLine();
        ParameterMethodsWriter.WriteSetParameters(writer, shape);
        writer.WriteLine();
        PersistenceWriter.WriteSaveAndLoad(writer, shape, readonlyModifier);
        PersistenceWriter.WriteUnrolledState(writer, shape, readonlyModifier);
        DeclarationsWriter.WriteInterfaceCounts(writer, PredictorInterfaceName(spec.Options.Precision));
    }

    /// <summary>The runtime interface the network implements: the contract over its number type.</summary>
    private static string InterfaceName(Precision precision) =>
        precision == Precision.Single ? "global::Unrolled.ISingleNetwork" : "global::Unrolled.INetwork";

    /// <summary>The interface that declares the counts and the prediction members: the training interface's base.</summary>
    internal static string PredictorInterfaceName(Precision precision) =>
        precision == Precision.Single ? "global::Unrolled.ISinglePredictor" : "global::Unrolled.IPredictor";

    private static void WriteBlockedMembers(SourceWriter writer, NetworkSpec spec, NetworkShape shape)
    {
        var layout = new BlockedLayout(shape);
        NumberType number = shape.NumberType;
        var code = new BlockedCode(number, spec.HasRefAccess);

        DeclarationsWriter.WriteConstants(writer, shape);
        BlockedDeclarationsWriter.Write(writer, shape, layout, number);
        BlockedOptimizerWriter.WriteState(writer, shape, number);
        PersistenceWriter.WriteDescription(writer, shape);
        writer.WriteLine();
        BlockedMethodsWriter.WritePredict(writer, shape, layout, number);
        writer.WriteLine();
        BlockedMethodsWriter.WriteTrain(writer, shape, number);
        writer.WriteLine();
        BlockedMethodsWriter.WritePredictBatch(writer, shape, layout, number);
        writer.WriteLine();
        BlockedMethodsWriter.WriteTrainBatch(writer, shape, code);
        writer.WriteLine();
        BlockedMethodsWriter.WriteRandomize(writer, shape, number);
        writer.WriteLine();
        BlockedMethodsWriter.WriteCopyParametersTo(writer, shape, number);
        writer.WriteLine();
        BlockedMethodsWriter.WriteSetParameters(writer, shape, number);
        writer.WriteLine();
        PersistenceWriter.WriteSaveAndLoad(writer, shape, string.Empty);
        PersistenceWriter.WriteBlockedState(writer, shape);
        writer.WriteLine();
        BlockedPassesWriter.WriteForwardPass(writer, shape, layout, code);
        writer.WriteLine();
        BlockedPassesWriter.WriteBackwardPass(writer, shape, layout, code);
        writer.WriteLine();
        BlockedPassesWriter.WriteStepAlongGradient(writer, shape, layout, code);
        writer.WriteLine();
        BlockedPassesWriter.WriteAddGradients(writer, shape, layout, code);
        writer.WriteLine();
        BlockedPassesWriter.WriteZeroIfFinite(writer, code);
        DeclarationsWriter.WriteInterfaceCounts(writer, PredictorInterfaceName(spec.Options.Precision));
    }
}
