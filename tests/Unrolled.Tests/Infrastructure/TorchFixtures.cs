using System.Text.Json;

namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// One case of Fixtures/Torch (written by make_activation_fixtures.py, described in the README beside
/// it): a network with one activation per layer, its parameters in Unrolled's order, and what PyTorch
/// computed from them. In a Single case every number is a float32 value widened exactly: cast it to
/// <see cref="float"/> to get PyTorch's bits.
/// </summary>
/// <param name="Activations">
/// One per layer after the input, named as the <see cref="Activation"/> enum names them. Kept as
/// names, not enum values, so that the fixtures load whichever activations the enum has today.
/// </param>
internal sealed record TorchFixture(
    string Name,
    int[] Layers,
    string[] Activations,
    Loss Loss,
    Precision Precision,
    double LearningRate,
    double[] ParametersBefore,
    TorchStep Sample,
    TorchStep Batch,
    TorchExport Onnx)
{
    public override string ToString() => Name;
}

/// <summary>
/// One plain SGD step by PyTorch from <see cref="TorchFixture.ParametersBefore"/> on the rows: one row
/// for the sample (what Train does), several for the batch (mean loss and mean gradient: TrainBatch).
/// </summary>
internal sealed record TorchStep(
    double[][] Inputs,
    double[][] Targets,
    double[][] OutputsBefore,
    double LossBefore,
    double[] Gradient,
    double[] ParametersAfter);

/// <summary>The model torch.onnx.export wrote, its operators in order, and PyTorch's outputs on a few rows.</summary>
internal sealed record TorchExport(string Path, int Opset, string[] Ops, double[][] Inputs, double[][] Outputs);

/// <summary>Reads the PyTorch fixtures from the test project's source folder, where the script writes them.</summary>
internal static class TorchFixtures
{
    public static string Directory { get; } = Path.Combine(TestPaths.ProjectDirectory, "Fixtures", "Torch");

    /// <summary>Every case, both precisions, in name order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. System.IO.Directory.GetFiles(Directory, "*.json").Select(path => Path.GetFileNameWithoutExtension(path)).Order(StringComparer.Ordinal)];

    public static TorchFixture Load(string name)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")));
        JsonElement root = json.RootElement;
        JsonElement sample = root.GetProperty("sample");
        JsonElement batch = root.GetProperty("batch");
        JsonElement onnx = root.GetProperty("onnx");
        return new TorchFixture(
            root.GetProperty("name").GetString()!,
            [.. root.GetProperty("layers").EnumerateArray().Select(size => size.GetInt32())],
            [.. root.GetProperty("activations").EnumerateArray().Select(activation => activation.GetString()!)],
            Enum.Parse<Loss>(root.GetProperty("loss").GetString()!),
            Enum.Parse<Precision>(root.GetProperty("precision").GetString()!),
            root.GetProperty("learningRate").GetDouble(),
            Numbers(root.GetProperty("parametersBefore")),
            new TorchStep(
                [Numbers(sample.GetProperty("input"))],
                [Numbers(sample.GetProperty("target"))],
                [Numbers(sample.GetProperty("outputBefore"))],
                sample.GetProperty("lossBefore").GetDouble(),
                Numbers(sample.GetProperty("gradient")),
                Numbers(sample.GetProperty("parametersAfter"))),
            new TorchStep(
                Rows(batch.GetProperty("inputs")),
                Rows(batch.GetProperty("targets")),
                Rows(batch.GetProperty("outputsBefore")),
                batch.GetProperty("meanLossBefore").GetDouble(),
                Numbers(batch.GetProperty("meanGradient")),
                Numbers(batch.GetProperty("parametersAfter"))),
            new TorchExport(
                Path.Combine(Directory, onnx.GetProperty("file").GetString()!),
                onnx.GetProperty("opset").GetInt32(),
                [.. onnx.GetProperty("ops").EnumerateArray().Select(op => op.GetString()!)],
                Rows(onnx.GetProperty("inputs")),
                Rows(onnx.GetProperty("outputs"))));
    }

    // JSON numbers as Python's repr wrote them; System.Text.Json parses them to the same double.
    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(number => number.GetDouble())];

    private static double[][] Rows(JsonElement array) => [.. array.EnumerateArray().Select(Numbers)];
}
