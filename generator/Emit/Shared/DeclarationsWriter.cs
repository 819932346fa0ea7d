using System.Linq;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>Writes the constants, the layer sizes, the parameter fields and the IPredictor counts.</summary>
internal static class DeclarationsWriter
{
    public static void WriteConstants(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        WriteConstant(writer, GeneratedNames.InputCount, shape.InputCount, "Number of inputs: the size of the first layer.");
        writer.WriteLine();
        WriteConstant(writer, GeneratedNames.OutputCount, shape.OutputCount, "Number of outputs: the size of the last layer.");
        writer.WriteLine();
        WriteConstant(writer, GeneratedNames.ParameterCount, shape.ParameterCount, "Number of weights and biases.");
    }

    /// <summary>The static LayerSizes, for the machinery file: the lesson's header already draws the layers.</summary>
    public static void WriteLayerSizes(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        string sizes = string.Join(", ", shape.Layers.Select(l => NetworkShape.Number(l)));
        // A span over `new int[] { ... }` is a view of the assembly's data only where the compiler and the target
        // have RuntimeHelpers.CreateSpan; under Roslyn 4.3 or .NET Standard 2.1 (Unity) it is a new array per call.
        // One array made once is a view of the same memory on every compiler and target.
        writer.WriteComment("The layer sizes, made once: every read of LayerSizes is a view of this array, never a new one.");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private static readonly int[] {GeneratedNames.LayerSizesArray} = new int[] {{ {sizes} }};");
        writer.WriteLine();
        writer.WriteLine($"/// <summary>The size of every layer, input layer first: {sizes}.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"public static global::System.ReadOnlySpan<int> {GeneratedNames.LayerSizes} => {GeneratedNames.LayerSizesArray};");
    }

    /// <summary>One field per weight and bias, a line per neuron: W{l}[j, 0..] then b{l}[j].</summary>
    public static void WriteFields(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            string j = shape.CurrentLetter(layer);
            string i = shape.PreviousLetter(layer);
            writer.WriteLine();
            writer.WriteComment($"Layer {l} ({shape.LayerTitle(layer)}): weight W{l}[{j}, {i}] = _w{l}_{j}_{i} scales {shape.Symbol(layer - 1, i)} " +
                $"into neuron {j}, bias b{l}[{j}] = _b{l}_{j}.");
            writer.WriteLine(GeneratedCode.Attribute);
            writer.WriteLine("private " + shape.NumberType.Name);
            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                string[] names = [.. Enumerable.Range(0, shape.Size(layer - 1))
                    .Select(input => shape.Weight(layer, neuron, input))
                    .Append(shape.Bias(layer, neuron))];
                bool last = neuron == shape.Size(layer) - 1;
                writer.WritePacked("    ", names, ",", last ? ";" : ",");
            }
        }
    }

    /// <summary>The counts as IPredictor (or ISinglePredictor) properties; explicit, because the type already has constants of those names.</summary>
    public static void WriteInterfaceCounts(SourceWriter writer, string interfaceName)
    {
        foreach (string name in new[] { GeneratedNames.InputCount, GeneratedNames.OutputCount, GeneratedNames.ParameterCount })
        {
            writer.WriteLine();
            writer.WriteLine(GeneratedCode.Attribute);
            writer.WriteLine($"int {interfaceName}.{name} => {name};");
        }

        writer.WriteLine();
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"global::System.ReadOnlySpan<int> {interfaceName}.{GeneratedNames.LayerSizes} => {GeneratedNames.LayerSizes};");
    }

    private static void WriteConstant(SourceWriter writer, string name, long value, string summary)
    {
        writer.WriteLine($"/// <summary>{summary}</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"public const int {name} = {NetworkShape.Number(value)};");
    }
}
