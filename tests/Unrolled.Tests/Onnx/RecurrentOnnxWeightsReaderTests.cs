using Unrolled.Generator.Model;
using Unrolled.Generator.Parsing;
using Unrolled.Tests.Recurrent;
using ModelActivation = Unrolled.Generator.Model.Activation;
using ModelCell = Unrolled.Generator.Model.Cell;
using ModelPrecision = Unrolled.Generator.Model.Precision;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// The generator's ONNX reader, for a spec with a Cell, gives a recurrent model's parameters in the recurrent
/// network's order, bit for bit those ImportOnnx sets: what a frozen recurrent network made from a .onnx
/// will hold. A model that does not fit the spec is a mismatch the attribute's diagnostic reports.
/// </summary>
public sealed class RecurrentOnnxWeightsReaderTests
{
    public static TheoryData<string> Fixtures => [.. RecurrentFixtures.Names];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_generators_reader_gives_the_bits_ImportOnnx_sets(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        byte[] model = File.ReadAllBytes(fixture.Onnx.Path);
        RecurrentOnnxNetwork imported = RecurrentOnnxNetwork.For(fixture);
        imported.Import(model);

        long[]? bits = OnnxWeightsReader.Read(model, Spec(fixture.Cell, fixture.Layers, fixture.Output, fixture.Precision.ToString()), out string problem, out bool mismatch);

        Assert.True(bits is not null, problem);
        Assert.False(mismatch);
        Assert.Equal(imported.ParameterBits(), bits);
    }

    [Fact]
    public void A_model_of_another_cell_is_a_mismatch_that_names_both()
    {
        byte[] model = File.ReadAllBytes(Path.Combine(RecurrentFixtures.Directory, "gru_1_16_1_double.onnx"));

        long[]? bits = OnnxWeightsReader.Read(model, Spec("LSTM", [1, 16, 1], "Linear", "Double"), out string problem, out bool mismatch);

        Assert.Null(bits);
        Assert.True(mismatch);
        Assert.Equal("The ONNX model holds a 1-16-1 GRU (Linear output, float64) network, but the attribute declares a 1-16-1 LSTM (Linear output, Double) network", problem);
    }

    [Fact]
    public void A_recurrent_model_read_for_a_dense_spec_says_which_Cell_to_declare()
    {
        byte[] model = File.ReadAllBytes(Path.Combine(RecurrentFixtures.Directory, "lstm_1_16_1_double.onnx"));

        long[]? bits = OnnxWeightsReader.Read(model, DenseSpec([1, 16, 1]), out string problem, out bool mismatch);

        Assert.Null(bits);
        Assert.False(mismatch);
        Assert.Contains("is a recurrent layer, and this network's hidden layers are dense: import the model into a network declared with Cell = Cell.LSTM", problem, StringComparison.Ordinal);
    }

    private static NetworkSpec Spec(string cell, int[] layers, string output, string precision)
    {
        LayerKind kind = Enum.Parse<ModelCell>(cell) switch
        {
            ModelCell.GRU => LayerKind.Gru,
            ModelCell.LSTM => LayerKind.Lstm,
            ModelCell.None => throw new ArgumentOutOfRangeException(nameof(cell), cell, "A recurrent spec has a cell."),
            _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown cell."),
        };
        LayerSpec[] specs =
        [
            LayerSpec.Input(layers[0]),
            .. layers[1..^1].Select(size => LayerSpec.Recurrent(size, kind)),
            LayerSpec.Dense(layers[^1], Enum.Parse<ModelActivation>(output)),
        ];
        return Spec(specs, Enum.Parse<ModelPrecision>(precision));
    }

    private static NetworkSpec DenseSpec(int[] layers) =>
        Spec([LayerSpec.Input(layers[0]), .. layers[1..^1].Select(size => LayerSpec.Dense(size, ModelActivation.Sigmoid)), LayerSpec.Dense(layers[^1], ModelActivation.Linear)], ModelPrecision.Double);

    private static NetworkSpec Spec(LayerSpec[] layers, ModelPrecision precision) => new(
        string.Empty,
        "Net",
        "class",
        EquatableArray<ContainingTypeSpec>.Empty,
        layers.ToEquatableArray(),
        "Net.g.cs",
        AutoLayout: false,
        Vectorize: false,
        NetworkLayout.Blocked,
        NetworkOptions.Default with { Precision = precision },
        "Network(...)");
}
