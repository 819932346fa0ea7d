using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>
/// Writes a recurrent network's ExportOnnx and ImportOnnx: they hand the parameters, the cell, the layer sizes
/// and the output activation to the runtime's OnnxExport and OnnxImport, which write and read the GRU or LSTM
/// nodes PyTorch exports (and check a model against this network before SetParameters replaces anything).
/// </summary>
internal static class RecurrentOnnxWriter
{
    public static void Write(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;
        string cell = context.Cell.Name;
        string shape = $"global::Unrolled.Cell.{context.Spec.Cell}, {GeneratedNames.LayerSizes}, global::Unrolled.Activation.{context.Shape.OutputActivation}";
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Writes this network as a standard ONNX model (opset 13), as torch.onnx.export writes nn.{cell}");
        writer.WriteLine($"/// (batch_first=True) and nn.Linear: input \"input\" [N, T, InputCount], one {cell} node per cell in");
        writer.WriteLine("/// ONNX's gate order, the output layer at every step, output \"output\" [N, T, OutputCount].");
        writer.WriteLine("/// See <see cref=\"global::Unrolled.Onnx.OnnxExport\"/>.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <param name=\"stream\">Where to write the model; it is not closed.</param>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"public void {GeneratedNames.ExportOnnx}(global::System.IO.Stream stream)");
        writer.WriteLine($"{number.Name}[] parameters = new {number.Name}[{GeneratedNames.ParameterCount}];");
        writer.WriteLine($"{GeneratedNames.CopyParametersTo}(parameters);");
        writer.WriteLine($"global::Unrolled.Onnx.OnnxExport.Write(stream, {shape}, parameters);");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Replaces the parameters with those of an ONNX model of nn.{cell} and nn.Linear (torch.onnx.export's,");
        writer.WriteLine("/// or ExportOnnx's), the gates moved back to PyTorch's order, and resets the optimizer's state as");
        writer.WriteLine("/// <see cref=\"SetParameters\"/> does. The model is checked first against this cell, these sizes and");
        writer.WriteLine("/// this output; see <see cref=\"global::Unrolled.Onnx.OnnxImport\"/>.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <param name=\"stream\">The model; it is read to its end and not closed.</param>");
        writer.WriteLine("/// <exception cref=\"global::System.IO.InvalidDataException\">The model does not fit this network, or is");
        writer.WriteLine("/// truncated or corrupted; the network is left unchanged.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"public void {GeneratedNames.ImportOnnx}(global::System.IO.Stream stream)");
        writer.WriteLine($"{number.Name}[] parameters = new {number.Name}[{GeneratedNames.ParameterCount}];");
        writer.WriteLine($"global::Unrolled.Onnx.OnnxImport.Read(stream, {shape}, parameters);");
        writer.WriteLine($"{GeneratedNames.SetParameters}(parameters);");
        writer.CloseBlock();
    }
}
