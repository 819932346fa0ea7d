using System.Text;
using Unrolled.Onnx;
using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Recurrent;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// ImportOnnx of a recurrent network: torch.onnx.export's models of nn.GRU and nn.LSTM (one and two layers)
/// and nn.Linear give PyTorch's parameters bit for bit, gates moved back to PyTorch's order and biases split,
/// and then Step gives PyTorch's outputs; ExportOnnx then ImportOnnx gives back every parameter bit for bit;
/// a model of another kind, cell, size or number type is refused with a message that says what the model
/// is and what the network is, and leaves the network as it was.
/// </summary>
public sealed class RecurrentOnnxImportTests
{
    public static TheoryData<string> Fixtures => [.. RecurrentFixtures.Names];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Importing_torchs_export_gives_torchs_parameters_bit_for_bit(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        RecurrentOnnxNetwork expected = RecurrentOnnxNetwork.For(fixture);
        expected.SetParameters(fixture.Parameters);
        RecurrentOnnxNetwork imported = RecurrentOnnxNetwork.For(fixture);
        imported.Randomize(7);

        imported.Import(File.ReadAllBytes(fixture.Onnx.Path));

        Assert.Equal(expected.ParameterBits(), imported.ParameterBits());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void After_importing_torchs_export_Step_gives_torchs_outputs_over_fifty_steps(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        RecurrentOnnxNetwork network = RecurrentOnnxNetwork.For(fixture);
        network.Import(File.ReadAllBytes(fixture.Onnx.Path));

        double[][] outputs = network.Steps(fixture.Stream.Inputs);

        for (int t = 0; t < outputs.Length; t++)
        {
            TorchRecurrentFixtureTests.AssertClose(fixture, $"step {t} after ImportOnnx", outputs[t], fixture.Stream.Outputs[t]);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Export_then_import_is_bit_identical(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        RecurrentOnnxNetwork exported = RecurrentOnnxNetwork.For(fixture);
        exported.Randomize(11);
        RecurrentOnnxNetwork imported = RecurrentOnnxNetwork.For(fixture);
        imported.Randomize(12);

        imported.Import(exported.Export());

        Assert.Equal(exported.ParameterBits(), imported.ParameterBits());
    }

    [Fact]
    public void A_dense_model_is_refused_by_a_GRU_network()
    {
        AssertRefused("GRU", [2, 4, 1], "Sigmoid", Precision.Single, OnnxFixture.Bytes("sigmoid_2_4_1"),
            "The ONNX model holds a 2-4-1 (Sigmoid hidden, Sigmoid output, float32) network of dense layers, with no GRU or LSTM node, and this network is recurrent: import the model into a network declared without Cell, or export the recurrent model.");
    }

    [Fact]
    public void A_GRU_model_is_refused_by_an_LSTM_network()
    {
        AssertRefused("LSTM", [1, 16, 1], "Linear", Precision.Double, Torch("gru_1_16_1_double"),
            "The ONNX model holds a 1-16-1 GRU (Linear output, float64) network, but it is being imported into a 1-16-1 LSTM (Linear output, Double) network.");
    }

    [Fact]
    public void A_model_of_another_hidden_size_is_refused()
    {
        AssertRefused("GRU", [1, 8, 1], "Linear", Precision.Double, Torch("gru_1_16_1_double"),
            "The ONNX model holds a 1-16-1 GRU (Linear output, float64) network, but it is being imported into a 1-8-1 GRU (Linear output, Double) network.");
    }

    [Fact]
    public void A_model_of_another_layer_count_or_output_is_refused()
    {
        AssertRefused("LSTM", [1, 8, 2], "Sigmoid", Precision.Single, Torch("lstm_sigmoid_ce_1_8_8_2_single"),
            "The ONNX model holds a 1-8-8-2 LSTM (Sigmoid output, float32) network, but it is being imported into a 1-8-2 LSTM (Sigmoid output, Single) network.");
        AssertRefused("LSTM", [1, 8, 8, 2], "Softmax", Precision.Single, Torch("lstm_sigmoid_ce_1_8_8_2_single"),
            "The ONNX model holds a 1-8-8-2 LSTM (Sigmoid output, float32) network, but it is being imported into a 1-8-8-2 LSTM (Softmax output, Single) network.");
    }

    [Fact]
    public void A_float64_model_is_refused_by_a_float_network()
    {
        AssertRefused("GRU", [1, 16, 1], "Linear", Precision.Single, Torch("gru_1_16_1_double"),
            "The ONNX model's numbers are float64, and the 1-16-1 GRU (Linear output, Single) network holds float32: its numbers would be rounded. Declare the network with Precision = Precision.Double, or export the model in float32 (model.float()).");
    }

    [Fact]
    public void A_GRU_that_resets_before_its_hidden_product_is_refused()
    {
        byte[] model = Torch("gru_1_16_1_double");
        byte[] attribute = [.. Encoding.ASCII.GetBytes("linear_before_reset"), 0x18];
        OnnxNonFiniteRefusalTests.ReplaceOnce(model, [.. attribute, 0x01], [.. attribute, 0x00]);

        AssertRefused("GRU", [1, 16, 1], "Linear", Precision.Double, model,
            "cannot be mapped to a recurrent network: it has linear_before_reset = 0, a GRU that resets before its hidden product, and Unrolled's GRU is PyTorch's, n = tanh(W_in x + b_in + r * (W_hn h + b_hn)): linear_before_reset = 1.");
    }

    [Fact]
    public void A_GRU_model_is_refused_by_a_dense_network_with_the_Cell_to_declare()
    {
        INetwork network = NetworkAssembly.Build("""
            using Unrolled;
            [Network(1, 16, 1, Output = Activation.Linear)]
            public partial class Dense { }
            """).Create("Dense");

        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => network.ImportOnnx(new MemoryStream(Torch("gru_1_16_1_double"))));

        Assert.StartsWith("The ONNX model's node 10 ", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith(" (GRU) is a recurrent layer, and this network's hidden layers are dense: import the model into a network declared with Cell = Cell.GRU, whose layers its cells and output layer fit.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_runtime_reader_refuses_a_parameter_span_of_another_length()
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(
            () => OnnxImport.Read(new MemoryStream(Torch("gru_1_16_1_double")), Cell.GRU, [1, 16, 1], Activation.Linear, new double[928]));

        Assert.Equal("parameters", refused.ParamName);
        Assert.StartsWith("A 1-16-1 GRU (Linear output, Double) network has 929 parameters; room for 928 was given.", refused.Message, StringComparison.Ordinal);
    }

    private static byte[] Torch(string name) => File.ReadAllBytes(Path.Combine(RecurrentFixtures.Directory, name + ".onnx"));

    // The generated member refuses, and the network keeps every parameter it had.
    private static void AssertRefused(string cell, int[] layers, string output, Precision precision, byte[] model, string message)
    {
        RecurrentOnnxNetwork network = RecurrentOnnxNetwork.Create(cell, layers, output, precision);
        network.Randomize(5);
        long[] before = network.ParameterBits();

        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => network.Import(model));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.ParameterBits());
    }
}
