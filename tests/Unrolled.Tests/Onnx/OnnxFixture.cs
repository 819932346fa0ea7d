using System.Globalization;
using System.Text.Json;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// A model exported by PyTorch (or onnx.helper) and what PyTorch computed with it, as
/// make_fixtures.py wrote them: the .onnx file and a .json of inputs, outputs and training data.
/// </summary>
internal sealed class OnnxFixture
{
    private OnnxFixture(string name, double[][] inputs, double[][] outputs, double[][] trainInputs, double[][] trainTargets)
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        TrainInputs = trainInputs;
        TrainTargets = trainTargets;
    }

    public string Name { get; }

    public double[][] Inputs { get; }

    /// <summary>PyTorch's outputs on <see cref="Inputs"/>, exactly as it printed them.</summary>
    public double[][] Outputs { get; }

    public double[][] TrainInputs { get; }

    public double[][] TrainTargets { get; }

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Onnx", "Fixtures");

    public static string PathOf(string name) => Path.Combine(Directory, name + ".onnx");

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static OnnxFixture Load(string name)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")));
        JsonElement root = json.RootElement;
        return new OnnxFixture(name, Rows(root, "inputs"), Rows(root, "outputs"), Rows(root, "trainInputs"), Rows(root, "trainTargets"));
    }

    private static double[][] Rows(JsonElement root, string property) =>
        [.. root.GetProperty(property).EnumerateArray().Select(row => row.EnumerateArray().Select(v => double.Parse(v.GetString()!, CultureInfo.InvariantCulture)).ToArray())];
}
