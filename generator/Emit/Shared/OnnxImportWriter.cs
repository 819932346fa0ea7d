namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// Writes ImportOnnx, which hands a model to the runtime's OnnxImport, where it is checked against
/// this network before SetParameters replaces the parameters (and resets the optimizer's state).
/// </summary>
internal static class OnnxImportWriter
{
    public static void Write(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = shape.NumberType;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Replaces the parameters with those of an ONNX model trained elsewhere (PyTorch's torch.onnx.export of Linear");
        writer.WriteLine("/// layers and activations, or a Keras export), and resets the optimizer's state as <see cref=\"SetParameters\"/> does.");
        writer.WriteLine("/// The model is checked first against these layers and activations; see <see cref=\"global::Unrolled.Onnx.OnnxImport\"/>.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <param name=\"stream\">The model; it is read to its end and not closed.</param>");
        writer.WriteLine("/// <exception cref=\"global::System.IO.InvalidDataException\">The model does not fit this network, or is truncated or corrupted; the network is left unchanged.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"public void {GeneratedNames.ImportOnnx}(global::System.IO.Stream stream)");
        writer.WriteLine($"{number.Name}[] parameters = new {number.Name}[{GeneratedNames.ParameterCount}];");
        writer.WriteLine($"global::Unrolled.Onnx.OnnxImport.Read(stream, {GeneratedNames.Description}, parameters);");
        writer.WriteLine($"{GeneratedNames.SetParameters}(parameters);");
        writer.CloseBlock();
    }
}
