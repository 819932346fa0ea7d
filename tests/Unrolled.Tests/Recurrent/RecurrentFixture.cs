using System.Text.Json;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Recurrent;

/// <summary>
/// One case of Fixtures/Torch/Recurrent (written by make_recurrent_fixtures.py, described in the README
/// beside it): PyTorch's nn.GRU or nn.LSTM, then an nn.Linear at every time step and an output activation,
/// its parameters in Unrolled's order (torch's named_parameters() order), and what PyTorch computed from
/// them. In a Single case every number is a float32 value widened exactly: cast it to <see cref="float"/>
/// to get PyTorch's bits.
/// </summary>
/// <param name="Cell">"GRU" or "LSTM", as the Cell enum of the contract names them.</param>
/// <param name="Layers">As <c>[Network(...)]</c> takes them: the input width, each recurrent layer's size, the output width.</param>
/// <param name="Output">The output activation, named as the <see cref="Activation"/> enum names it.</param>
internal sealed record RecurrentFixture(
    string Name,
    string Cell,
    int[] Layers,
    string Output,
    Loss Loss,
    Precision Precision,
    double LearningRate,
    double[] Parameters,
    RecurrentStream Stream,
    RecurrentTraining Sequence,
    RecurrentTraining Batch,
    RecurrentExport Onnx)
{
    public override string ToString() => Name;
}

/// <summary>
/// A 50-step sequence fed one step at a time from a zero state (what Step gives), PyTorch's output at every
/// step, and the state it ended in: one row per recurrent layer (<see cref="FinalCell"/> is empty for a GRU).
/// </summary>
internal sealed record RecurrentStream(double[][] Inputs, double[][] Outputs, double[][] FinalHidden, double[][] FinalCell);

/// <summary>
/// One torch.optim.SGD step from <see cref="RecurrentFixture.Parameters"/> on whole sequences, each from a
/// zero state: one sequence for TrainSequence, several of one length for TrainSequenceBatch. The loss is
/// the mean over sequences of each sequence's mean over time steps of the per-step loss Train uses.
/// Indexed [sequence][step][value].
/// </summary>
internal sealed record RecurrentTraining(
    double[][][] Inputs,
    double[][][] Targets,
    double[][][] Outputs,
    double Loss,
    double[] Gradient,
    double[] ParametersAfter)
{
    public int SequenceLength => Inputs[0].Length;

    /// <summary>The sequences one after another, rows of InputCount: what TrainSequence(Batch) takes.</summary>
    public double[] FlatInputs => [.. Inputs.SelectMany(sequence => sequence.SelectMany(row => row))];

    /// <summary>The targets one after another, rows of OutputCount.</summary>
    public double[] FlatTargets => [.. Targets.SelectMany(sequence => sequence.SelectMany(row => row))];
}

/// <summary>
/// The model torch.onnx.export wrote: its operators in order, every node with the attributes it wrote
/// (absent ones take ONNX's defaults), the gate order of its recurrent weights (checked by the script),
/// and PyTorch's outputs on a few sequences, each from a zero state. Indexed [sequence][step][value].
/// </summary>
internal sealed record RecurrentExport(
    string Path,
    int Opset,
    string[] Ops,
    string GateOrder,
    RecurrentOnnxNode[] Nodes,
    double[][][] Inputs,
    double[][][] Outputs);

/// <summary>One node of the exported graph; each attribute as the JSON the script wrote for it.</summary>
internal sealed record RecurrentOnnxNode(string Op, string[] Inputs, string[] Outputs, IReadOnlyDictionary<string, JsonElement> Attributes)
{
    /// <summary>An integer attribute, or null when the exporter left it to ONNX's default.</summary>
    public long? Integer(string name) => Attributes.TryGetValue(name, out JsonElement value) ? value.GetInt64() : null;
}

/// <summary>Reads the recurrent PyTorch fixtures from the test project's source folder, where the script writes them.</summary>
internal static class RecurrentFixtures
{
    public static string Directory { get; } = Path.Combine(TestPaths.ProjectDirectory, "Fixtures", "Torch", "Recurrent");

    /// <summary>Every case, both precisions, in name order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. System.IO.Directory.GetFiles(Directory, "*.json").Select(path => Path.GetFileNameWithoutExtension(path)).Order(StringComparer.Ordinal)];

    public static RecurrentFixture Load(string name)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")));
        JsonElement root = json.RootElement;
        JsonElement stream = root.GetProperty("stream");
        JsonElement sequence = root.GetProperty("sequence");
        JsonElement batch = root.GetProperty("batch");
        JsonElement onnx = root.GetProperty("onnx");
        return new RecurrentFixture(
            root.GetProperty("name").GetString()!,
            root.GetProperty("cell").GetString()!,
            [.. root.GetProperty("layers").EnumerateArray().Select(size => size.GetInt32())],
            root.GetProperty("output").GetString()!,
            Enum.Parse<Loss>(root.GetProperty("loss").GetString()!),
            Enum.Parse<Precision>(root.GetProperty("precision").GetString()!),
            root.GetProperty("learningRate").GetDouble(),
            Numbers(root.GetProperty("parameters")),
            new RecurrentStream(
                Rows(stream.GetProperty("inputs")),
                Rows(stream.GetProperty("outputs")),
                Rows(stream.GetProperty("finalHidden")),
                Rows(stream.GetProperty("finalCell"))),
            new RecurrentTraining(
                [Rows(sequence.GetProperty("inputs"))],
                [Rows(sequence.GetProperty("targets"))],
                [Rows(sequence.GetProperty("outputs"))],
                sequence.GetProperty("loss").GetDouble(),
                Numbers(sequence.GetProperty("gradient")),
                Numbers(sequence.GetProperty("parametersAfter"))),
            new RecurrentTraining(
                Sequences(batch.GetProperty("inputs")),
                Sequences(batch.GetProperty("targets")),
                Sequences(batch.GetProperty("outputs")),
                batch.GetProperty("meanLoss").GetDouble(),
                Numbers(batch.GetProperty("meanGradient")),
                Numbers(batch.GetProperty("parametersAfter"))),
            new RecurrentExport(
                Path.Combine(Directory, onnx.GetProperty("file").GetString()!),
                onnx.GetProperty("opset").GetInt32(),
                [.. onnx.GetProperty("ops").EnumerateArray().Select(op => op.GetString()!)],
                onnx.GetProperty("gateOrder").GetString()!,
                [.. onnx.GetProperty("nodes").EnumerateArray().Select(Node)],
                Sequences(onnx.GetProperty("inputs")),
                Sequences(onnx.GetProperty("outputs"))));
    }

    private static RecurrentOnnxNode Node(JsonElement node) => new(
        node.GetProperty("op").GetString()!,
        [.. node.GetProperty("inputs").EnumerateArray().Select(name => name.GetString()!)],
        [.. node.GetProperty("outputs").EnumerateArray().Select(name => name.GetString()!)],
        node.GetProperty("attributes").EnumerateObject().ToDictionary(attribute => attribute.Name, attribute => attribute.Value.Clone(), StringComparer.Ordinal));

    // JSON numbers as Python's repr wrote them; System.Text.Json parses them to the same double.
    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(number => number.GetDouble())];

    private static double[][] Rows(JsonElement array) => [.. array.EnumerateArray().Select(Numbers)];

    private static double[][][] Sequences(JsonElement array) => [.. array.EnumerateArray().Select(Rows)];
}
