using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// Writes Save and Load, which hand the parameters and the optimizer's state to the runtime's
/// NetworkFormat, and the private members that copy that state out and back in parameter order.
/// </summary>
internal static class PersistenceWriter
{
    public static void WriteDescription(SourceWriter writer, EmitContext context) => WriteDescription(writer, context, context.Shape.ParameterCount);

    /// <summary>
    /// The description a saved file must match, and the optimizer state's count; <paramref name="parameterCount"/>
    /// is the layout's own (a recurrent network's cells hold more than dense layers of their sizes would).
    /// </summary>
    public static void WriteDescription(SourceWriter writer, EmitContext context, long parameterCount)
    {
        NetworkShape shape = context.Shape;
        NetworkOptions options = shape.Options;
        string layers = string.Join(", ", shape.Layers.Select(l => NetworkShape.Number(l)));
        writer.WriteLine();
        writer.WriteComment("What a saved file must match to be loaded into this network.");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private static readonly global::Unrolled.NetworkDescription {GeneratedNames.Description} =");
        writer.WriteLine("    new global::Unrolled.NetworkDescription(");
        writer.WritePacked("        ", [$"new int[] {{ {layers} }},"], string.Empty, string.Empty);
        writer.WriteLine("        new global::Unrolled.Activation[]");
        writer.WriteLine("        {");
        writer.WritePacked("            ", [.. shape.LayerSpecs.Skip(1).Select(layer => "global::Unrolled.Activation." + layer.Activation)], ",", string.Empty);
        writer.WriteLine("        },");
        if (context.Spec.Cell != Cell.None)
        {
            writer.WriteLine($"        global::Unrolled.Cell.{context.Spec.Cell},");
        }

        writer.WriteLine($"        global::Unrolled.Loss.{options.Loss},");
        writer.WriteLine($"        global::Unrolled.Optimizer.{options.Optimizer},");
        writer.WriteLine($"        global::Unrolled.Precision.{options.Precision});");
        writer.WriteLine();
        writer.WriteComment("The optimizer's numbers a saved file holds after the parameters.");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private const int {GeneratedNames.StateCount} = {NetworkShape.Number(StateCount(context, parameterCount))};");
    }

    /// <summary>Save and Load, then ExportOnnx and ImportOnnx: a feedforward network's persistence.</summary>
    public static void WriteSaveAndLoad(SourceWriter writer, EmitContext context)
    {
        WriteSaveAndLoad(writer, context, context.Shape.ParameterCount);
        writer.WriteLine();
        WriteExportOnnx(writer, context);
        writer.WriteLine();
        OnnxImportWriter.Write(writer, context);
    }

    /// <summary>Save and Load alone, a blank line between them; <paramref name="parameterCount"/> as for <see cref="WriteDescription(SourceWriter, EmitContext, long)"/>.</summary>
    public static void WriteSaveAndLoad(SourceWriter writer, EmitContext context, long parameterCount)
    {
        NetworkShape shape = context.Shape;
        NumberType number = shape.NumberType;
        // The one state count decides, so an optimizer with state cannot be saved without it.
        bool hasState = StateCount(context, parameterCount) > 0;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Writes this network to <paramref name=\"stream\"/> in the format of <see cref=\"global::Unrolled.NetworkFormat\"/>:");
        writer.WriteLine("/// its description, its parameters and its optimizer state, with a checksum. To save to a file");
        writer.WriteLine("/// atomically, use <see cref=\"global::Unrolled.NetworkFile\"/>.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <param name=\"stream\">Where to write; it is not closed.</param>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"public {context.ReadonlyModifier}void {GeneratedNames.Save}(global::System.IO.Stream stream)");
        writer.WriteLine($"{number.Name}[] parameters = new {number.Name}[{GeneratedNames.ParameterCount}];");
        writer.WriteLine($"{GeneratedNames.CopyParametersTo}(parameters);");
        writer.WriteLine($"{number.Name}[] state = new {number.Name}[{GeneratedNames.StateCount}];");
        if (hasState)
        {
            writer.WriteLine($"{GeneratedNames.CopyOptimizerStateTo}(state);");
        }

        writer.WriteLine($"global::Unrolled.NetworkFormat.Write(stream, {GeneratedNames.Description}, parameters, state);");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Replaces the parameters and the optimizer state with those <see cref=\"Save\"/> wrote, so training");
        writer.WriteLine("/// resumes exactly. The whole stream is checked first; a rejected stream leaves this network unchanged.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <param name=\"stream\">A saved network of this topology and these options; it is not closed.</param>");
        writer.WriteLine("/// <exception cref=\"global::System.IO.InvalidDataException\">The stream holds another network, or is truncated or corrupted.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"public void {GeneratedNames.Load}(global::System.IO.Stream stream)");
        writer.WriteLine($"{number.Name}[] parameters = new {number.Name}[{GeneratedNames.ParameterCount}];");
        writer.WriteLine($"{number.Name}[] state = new {number.Name}[{GeneratedNames.StateCount}];");
        writer.WriteLine($"global::Unrolled.NetworkFormat.Read(stream, {GeneratedNames.Description}, parameters, state);");
        writer.WriteLine($"{GeneratedNames.SetParameters}(parameters);");
        if (hasState)
        {
            writer.WriteLine($"{GeneratedNames.SetOptimizerState}(state);");
        }

        writer.CloseBlock();
    }

    public static void WriteExportOnnx(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = shape.NumberType;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Writes this network as a standard ONNX model (opset 13): per layer a Gemm node and its activation,");
        writer.WriteLine("/// input \"input\" [N, InputCount], output \"output\" [N, OutputCount]. See <see cref=\"global::Unrolled.Onnx.OnnxExport\"/>.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <param name=\"stream\">Where to write the model; it is not closed.</param>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"public {context.ReadonlyModifier}void {GeneratedNames.ExportOnnx}(global::System.IO.Stream stream)");
        writer.WriteLine($"{number.Name}[] parameters = new {number.Name}[{GeneratedNames.ParameterCount}];");
        writer.WriteLine($"{GeneratedNames.CopyParametersTo}(parameters);");
        writer.WriteLine($"global::Unrolled.Onnx.OnnxExport.Write(stream, {GeneratedNames.Description}, parameters);");
        writer.CloseBlock();
    }

    /// <summary>The optimizer's state in the order of NetworkDescription.StateCount, straight-line layout.</summary>
    public static void WriteUnrolledState(SourceWriter writer, EmitContext context)
    {
        string[] order = [.. Optimizer(context).SavedOrder([.. GeneratedNames.ParameterFields(context.Shape.Layers)])];
        if (order.Length == 0)
        {
            return;
        }

        WriteStateMethods(writer, context, copy: index => $"destination[{NetworkShape.Number(index)}] = {order[index]};", set: index => $"{order[index]} = source[{NetworkShape.Number(index)}];", count: order.Length);
    }

    /// <summary>
    /// The optimizer's state in the order of NetworkDescription.StateCount, blocked layout: its own fields one
    /// by one, then each state array, ParameterCount numbers long, copied whole.
    /// </summary>
    public static void WriteBlockedState(SourceWriter writer, EmitContext context)
    {
        OptimizerCode optimizer = Optimizer(context);
        string[] fields = optimizer.StepFields;
        string[] arrays = [.. optimizer.State.Select(slot => slot.Field(GeneratedNames.ParametersArray))];
        if (fields.Length + arrays.Length == 0)
        {
            return;
        }

        NumberType number = context.Shape.NumberType;
        string span = $"global::System.ReadOnlySpan<{number.Name}>";
        writer.WriteLine();
        writer.WriteLine($"/// <summary>Copies the optimizer's state, in the order a saved file holds it, to <paramref name=\"destination\"/>.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {GeneratedNames.CopyOptimizerStateTo}({number.Span} destination)");
        for (int index = 0; index < fields.Length; index++)
        {
            writer.WriteLine($"destination[{NetworkShape.Number(index)}] = {fields[index]};");
        }

        for (int slot = 0; slot < arrays.Length; slot++)
        {
            string start = ArrayStart(fields.Length, slot);
            string destination = start == "0" ? "destination" : $"destination.Slice({start})";
            writer.WriteLine($"new {span}({arrays[slot]}).CopyTo({destination});");
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"/// <summary>Restores the optimizer's state from <paramref name=\"source\"/>, in the order a saved file holds it.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {GeneratedNames.SetOptimizerState}({number.ReadOnlySpan} source)");
        for (int index = 0; index < fields.Length; index++)
        {
            writer.WriteLine($"{fields[index]} = source[{NetworkShape.Number(index)}];");
        }

        for (int slot = 0; slot < arrays.Length; slot++)
        {
            // A lone array is the whole state: the source is exactly ParameterCount long.
            string source = fields.Length == 0 && arrays.Length == 1 ? "source"
                : $"source.Slice({ArrayStart(fields.Length, slot)}, {GeneratedNames.ParameterCount})";
            writer.WriteLine($"{source}.CopyTo({arrays[slot]});");
        }

        writer.CloseBlock();
    }

    /// <summary>Where the state array of <paramref name="slot"/> starts in the saved state: after the fields and the arrays before it.</summary>
    private static string ArrayStart(int fieldCount, int slot)
    {
        var terms = new List<string>();
        if (fieldCount > 0)
        {
            terms.Add(NetworkShape.Number(fieldCount));
        }

        if (slot > 0)
        {
            terms.Add(slot == 1 ? GeneratedNames.ParameterCount : $"{NetworkShape.Number(slot)} * {GeneratedNames.ParameterCount}");
        }

        return terms.Count == 0 ? "0" : string.Join(" + ", terms);
    }

    private static OptimizerCode Optimizer(EmitContext context) => OptimizerCode.For(context.Shape.Options.Optimizer);

    private static long StateCount(EmitContext context, long parameterCount) => OptimizerState.Count(context.Shape.Options.Optimizer, parameterCount);

    private static void WriteStateMethods(SourceWriter writer, EmitContext context, System.Func<int, string> copy, System.Func<int, string> set, int count)
    {
        NetworkShape shape = context.Shape;
        NumberType number = shape.NumberType;
        writer.WriteLine();
        writer.WriteLine($"/// <summary>Copies the optimizer's state, in the order a saved file holds it, to <paramref name=\"destination\"/>.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private {context.ReadonlyModifier}void {GeneratedNames.CopyOptimizerStateTo}({number.Span} destination)");
        for (int index = 0; index < count; index++)
        {
            writer.WriteLine(copy(index));
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"/// <summary>Restores the optimizer's state from <paramref name=\"source\"/>, in the order a saved file holds it.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {GeneratedNames.SetOptimizerState}({number.ReadOnlySpan} source)");
        for (int index = 0; index < count; index++)
        {
            writer.WriteLine(set(index));
        }

        writer.CloseBlock();
    }
}
