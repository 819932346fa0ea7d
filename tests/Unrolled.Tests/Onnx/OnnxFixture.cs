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
        Layers = [];
        Activations = [];
        Parameters = [];
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

    /// <summary>Neurons per layer, input first; empty for the fixtures written before activations were listed.</summary>
    public int[] Layers { get; private init; }

    /// <summary>The activation of each layer after the input; empty for the fixtures written before they were listed.</summary>
    public Activation[] Activations { get; private init; }

    /// <summary>Every parameter as PyTorch held it, in Unrolled's order; empty where <see cref="Activations"/> is.</summary>
    public double[] Parameters { get; private init; }

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Onnx", "Fixtures");

    public static string PathOf(string name) => Path.Combine(Directory, name + ".onnx");

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static OnnxFixture Load(string name)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")));
        JsonElement root = json.RootElement;
        var fixture = new OnnxFixture(name, Rows(root, "inputs"), Rows(root, "outputs"), Rows(root, "trainInputs"), Rows(root, "trainTargets"));
        if (!root.TryGetProperty("activations", out JsonElement activations))
        {
            return fixture;
        }

        return new OnnxFixture(name, fixture.Inputs, fixture.Outputs, fixture.TrainInputs, fixture.TrainTargets)
        {
            Layers = [.. root.GetProperty("layers").EnumerateArray().Select(size => size.GetInt32())],
            Activations = [.. activations.EnumerateArray().Select(a => Enum.Parse<Activation>(a.GetString()!))],
            Parameters = [.. root.GetProperty("parameters").EnumerateArray().Select(Number)],
        };
    }

    /// <summary>The network this fixture's model is: its layers and activations, in its precision.</summary>
    public NetworkDescription Description(Precision precision) =>
        new(Layers, Activations, Activations[^1] == Activation.Softmax ? Loss.CrossEntropy : Loss.SquaredError, Optimizer.Sgd, precision);

    private static double[][] Rows(JsonElement root, string property) =>
        [.. root.GetProperty(property).EnumerateArray().Select(row => row.EnumerateArray().Select(Number).ToArray())];

    private static double Number(JsonElement value) => double.Parse(value.GetString()!, CultureInfo.InvariantCulture);
}
