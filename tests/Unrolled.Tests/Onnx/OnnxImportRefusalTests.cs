using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// A model that does not fit is refused with an InvalidDataException that says what the model is
/// and what the network is, or names the node it cannot map, and the network, optimizer state
/// included, is exactly what it was: the bytes Save writes are the same.
/// </summary>
public sealed class OnnxImportRefusalTests
{
    // 3-5-2, sigmoid, Momentum: a network with optimizer state that a wrong import would reset.
    private const int Momentum = 5;

    [Fact]
    public void A_model_of_other_layer_sizes_is_refused()
    {
        byte[] model = Export(Momentum, topology: 1);
        AssertRefused(model, "The ONNX model holds a 2-6-4-3 (Sigmoid hidden, Sigmoid output, float64) network, but it is being imported into a 3-5-2 (Sigmoid hidden, Sigmoid output, SquaredError, Momentum, Double) network.");
    }

    [Fact]
    public void A_model_of_another_activation_is_refused()
    {
        byte[] model = Export(configuration: 0, topology: 0);
        AssertRefused(model, "The ONNX model holds a 3-5-2 (Tanh hidden, Sigmoid output, float64) network, but it is being imported into a 3-5-2 (Sigmoid hidden, Sigmoid output, SquaredError, Momentum, Double) network.");
    }

    [Theory]
    [InlineData("gelu_tanh_2_4_1", "The ONNX model's node 1 \"/1/Mul\" (Mul) cannot be mapped to a fully connected layer: it multiplies z by itself, as nn.GELU(approximate=\"tanh\") begins, and Unrolled's GELU is the exact one: export nn.GELU(). Unrolled imports a chain of fully connected layers: Gemm, or MatMul then Add, each followed by Sigmoid, Tanh, Relu, LeakyRelu, Softmax, Gelu, Identity or nothing, or by a GELU or SiLU as PyTorch exports them (Div, Erf, Add, Mul, Mul; Sigmoid, Mul).")]
    [InlineData("batchnorm_2_4_1", "The ONNX model's node 3 \"/1/BatchNormalization\" (BatchNormalization) is an operator Unrolled does not import.")]
    [InlineData("conv1d_8_1", "The ONNX model's node 2 \"/1/Conv\" (Conv) is an operator Unrolled does not import. Unrolled imports a chain of fully connected layers")]
    [InlineData("flatten_3d_input_4_1", "The ONNX model's node 0 \"/0/Flatten\" (Flatten) cannot be mapped to a fully connected layer: the input \"input\" has shape [N, 2, 2], and Unrolled's networks take [N, features]: export with an example input of shape [1, features]")]
    [InlineData("external_data_2_4_1", "The tensor \"0.weight\" is stored outside the model file (external data)")]
    public void A_real_export_that_is_not_a_chain_of_layers_names_what_it_cannot_map(string fixture, string message)
    {
        var network = new LeakySigmoidFixtureNet();
        network.Randomize(3);
        byte[] before = Saved(network);
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => NetworkFile.ImportOnnx(network, OnnxFixture.PathOf(fixture)));
        Assert.StartsWith(message, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, Saved(network));
    }

    [Fact]
    public void A_LeakyReLU_slope_other_than_1_128_is_refused_not_rounded()
    {
        var network = new LeakySigmoidFixtureNet();
        network.Randomize(3);
        byte[] before = Saved(network);
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => NetworkFile.ImportOnnx(network, OnnxFixture.PathOf("leakyrelu_default_slope_2_4_1")));
        Assert.Equal("The ONNX model's node 1 \"/1/LeakyRelu\" (LeakyRelu) has LeakyReLU slope 0.01, and Unrolled's LeakyReLU has slope 1/128 = 0.0078125; it is refused rather than rounded. Train and export with nn.LeakyReLU(0.0078125).", refused.Message);
        Assert.Equal(before, Saved(network));
    }

    [Fact]
    public void A_float64_model_is_refused_by_a_float_network_rather_than_rounded()
    {
        var network = new TanhFixtureNet();
        network.Randomize(3);
        byte[] before = Saved(network);
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => NetworkFile.ImportOnnx(network, OnnxFixture.PathOf("tanh_2_5_3_1_double")));
        Assert.StartsWith("The ONNX model's numbers are float64, and the 2-5-3-1 (Tanh hidden, Sigmoid output, SquaredError, Sgd, Single) network holds float32", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, Saved(network));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void A_truncated_model_is_refused(double keep)
    {
        byte[] model = Export(Momentum, topology: 0);
        InvalidDataException refused = AssertRefused(model[..(int)(model.Length * keep)], null);
        Assert.Contains("truncated", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_stream_is_refused() =>
        AssertRefused([], "The file holds no ONNX graph: it is empty or not an ONNX model.");

    [Fact]
    public void A_model_with_a_corrupted_field_is_refused()
    {
        byte[] model = Export(Momentum, topology: 0);
        model.AsSpan(0, 12).Fill(0xFF);
        InvalidDataException refused = AssertRefused(model, null);
        Assert.Contains("corrupted", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_whose_graph_claims_more_bytes_than_the_file_has_is_refused()
    {
        byte[] model = Export(Momentum, topology: 0);
        // The graph is field 7, length-delimited: tag 0x3A, then its length as a varint. Claim 2^28 bytes.
        int graph = Array.IndexOf(model, (byte)0x3A, 2 + model[3]);
        byte[] corrupted = [.. model[..(graph + 1)], 0x80, 0x80, 0x80, 0x80, 0x01, .. model[(graph + 1)..]];
        InvalidDataException refused = AssertRefused(corrupted, null);
        Assert.Contains("past the end", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_Unrolled_network_is_not_taken_for_an_ONNX_model()
    {
        INetwork other = OptionNetworks.Create(Momentum, 0);
        AssertRefused(Saved(other), null);
    }

    private static byte[] Export(int configuration, int topology)
    {
        INetwork network = OptionNetworks.Create(configuration, topology);
        network.Randomize(11);
        using var stream = new MemoryStream();
        network.ExportOnnx(stream);
        return stream.ToArray();
    }

    private static InvalidDataException AssertRefused(byte[] model, string? message)
    {
        INetwork network = OptionNetworks.Create(Momentum, 0);
        network.Randomize(7);
        double[] input = [0.1, 0.5, 0.9];
        for (int step = 0; step < 3; step++)
        {
            network.Train(input, [1, 0], 0.1);
        }

        byte[] before = Saved(network);
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => network.ImportOnnx(new MemoryStream(model)));
        if (message is not null)
        {
            Assert.Equal(message, refused.Message);
        }

        Assert.Equal(before, Saved(network));
        return refused;
    }

    private static byte[] Saved(INetwork network)
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    private static byte[] Saved(ISingleNetwork network)
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }
}
