namespace Unrolled.Tests.Onnx;

/// <summary>
/// What torch.onnx.export (PyTorch 1.13) writes for nn.GELU() (Div, Erf, Add, Mul, Mul), nn.SiLU()
/// (Sigmoid, Mul) and for chains whose layers differ in activation imports: the parameters are
/// PyTorch's bit for bit, and the chain they make, evaluated plainly with each layer's activation,
/// computes PyTorch's outputs (to 1e-6 in float32, 1e-14 in float64).
/// </summary>
public sealed class PyTorchActivationImportTests
{
    [Theory]
    [InlineData("gelu_2_5_1")]
    [InlineData("silu_2_5_1")]
    [InlineData("mixed_relu_tanh_softmax_2_6_4_2")]
    [InlineData("mixed_gelu_silu_tanh_2_5_4_1")]
    public void A_float32_export_imports_PyTorchs_parameters_bit_for_bit(string name)
    {
        OnnxFixture fixture = OnnxFixture.Load(name);
        float[] parameters = new float[fixture.Parameters.Length];
        using (FileStream stream = File.OpenRead(OnnxFixture.PathOf(name)))
        {
            Unrolled.Onnx.OnnxImport.Read(stream, fixture.Description(Precision.Single), parameters);
        }

        Assert.Equal(fixture.Parameters.Select(p => BitConverter.SingleToInt32Bits((float)p)), parameters.Select(BitConverter.SingleToInt32Bits));
        AssertPredictsWhatPyTorchComputed(fixture, [.. parameters.Select(p => (double)p)], 1e-6);
    }

    [Theory]
    [InlineData("gelu_2_5_1")]
    [InlineData("silu_2_5_1")]
    [InlineData("mixed_relu_tanh_softmax_2_6_4_2")]
    [InlineData("mixed_gelu_silu_tanh_2_5_4_1")]
    [InlineData("gelu_2_5_1_double")]
    public void An_export_imports_into_a_double_network_bit_for_bit(string name)
    {
        OnnxFixture fixture = OnnxFixture.Load(name);
        double[] parameters = new double[fixture.Parameters.Length];
        using (FileStream stream = File.OpenRead(OnnxFixture.PathOf(name)))
        {
            Unrolled.Onnx.OnnxImport.Read(stream, fixture.Description(Precision.Double), parameters);
        }

        Assert.Equal(fixture.Parameters.Select(BitConverter.DoubleToInt64Bits), parameters.Select(BitConverter.DoubleToInt64Bits));
        AssertPredictsWhatPyTorchComputed(fixture, parameters, name.EndsWith("_double", StringComparison.Ordinal) ? 1e-14 : 1e-6);
    }

    [Fact]
    public void A_chain_of_other_activations_is_refused_naming_each_layers()
    {
        OnnxFixture fixture = OnnxFixture.Load("mixed_gelu_silu_tanh_2_5_4_1");
        var network = new NetworkDescription([2, 5, 4, 1], [Activation.SiLU, Activation.GELU, Activation.Tanh], Loss.SquaredError, Optimizer.Sgd, Precision.Single);
        float[] parameters = new float[fixture.Parameters.Length];
        using FileStream stream = File.OpenRead(OnnxFixture.PathOf(fixture.Name));
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => Unrolled.Onnx.OnnxImport.Read(stream, network, parameters));
        Assert.Equal(
            "The ONNX model holds a 2-5-4-1 (GELU, SiLU, Tanh, float32) network, but it is being imported into a 2-5-4-1 (SiLU, GELU, Tanh; SquaredError, Sgd, Single) network.",
            refused.Message);
        Assert.All(parameters, p => Assert.Equal(0f, p));
    }

    // Within tolerance * max(1, |PyTorch's output|): outputs near 0 that are a difference of larger
    // terms keep float32's absolute error, not a relative one.
    private static void AssertPredictsWhatPyTorchComputed(OnnxFixture fixture, double[] parameters, double tolerance)
    {
        for (int row = 0; row < fixture.Inputs.Length; row++)
        {
            double[] output = ChainReference.Predict(fixture.Layers, fixture.Activations, parameters, fixture.Inputs[row]);
            for (int k = 0; k < output.Length; k++)
            {
                double expected = fixture.Outputs[row][k];
                Assert.True(Math.Abs(output[k] - expected) <= tolerance * Math.Max(1, Math.Abs(expected)),
                    $"{fixture.Name}: row {row} output {k}: the chain computes {output[k]:R}, PyTorch {expected:R}");
            }
        }
    }
}
