extern alias runtime;

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using runtime::Unrolled.Onnx;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// OnnxExport writes each layer's own activation, GELU and SiLU as the standard operators PyTorch
/// writes (Div, Erf, Add, Mul, Mul; Sigmoid, Mul) with constants in the network's precision. Float
/// exports run in ONNX Runtime; double ones (ONNX Runtime has no double Erf) by the operators'
/// definitions; either computes the chain's outputs, and imports back bit for bit.
/// </summary>
public sealed class OnnxActivationExportTests
{
    private static readonly (int[] Layers, Activation[] Activations)[] s_networks =
    [
        ([3, 5, 2], [Activation.GELU, Activation.Sigmoid]),
        ([3, 5, 2], [Activation.SiLU, Activation.Linear]),
        ([3, 6, 4, 3], [Activation.ReLU, Activation.Tanh, Activation.Softmax]),
        ([2, 4, 3, 2, 1], [Activation.GELU, Activation.LeakyReLU, Activation.SiLU, Activation.Sigmoid]),
        ([4, 3, 3, 2], [Activation.Tanh, Activation.GELU, Activation.GELU]),
    ];

    public static TheoryData<int> Networks() => [.. Enumerable.Range(0, s_networks.Length)];

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_float_export_runs_in_ONNX_Runtime_as_the_chain_computes(int network)
    {
        NetworkDescription description = Describe(network, Precision.Single);
        float[] parameters = [.. RandomParameters(description, network).Select(p => (float)p)];
        using var model = new MemoryStream();
        OnnxExport.Write(model, description, parameters);

        const int Rows = 16;
        float[] inputs = [.. RandomInputs(Rows * description.Layers[0], network).Select(v => (float)v)];
        using var session = new InferenceSession(model.ToArray());
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results =
            session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(inputs, [Rows, description.Layers[0]]))]);
        double[] exported = [.. results.Single(r => r.Name == "output").AsEnumerable<float>().Select(v => (double)v)];

        AssertComputesTheChain(description, [.. parameters.Select(p => (double)p)], [.. inputs.Select(v => (double)v)], exported, 1e-6);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_double_export_computes_the_chain_by_its_standard_operators(int network)
    {
        NetworkDescription description = Describe(network, Precision.Double);
        double[] parameters = RandomParameters(description, network);
        using var model = new MemoryStream();
        OnnxExport.Write(model, description, parameters);

        const int Rows = 16;
        double[] inputs = RandomInputs(Rows * description.Layers[0], network);
        double[] exported = OnnxGraphEvaluator.Run(model.ToArray(), inputs, Rows);

        AssertComputesTheChain(description, parameters, inputs, exported, 1e-15);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Export_then_import_is_bit_identical_in_both_precisions(int network)
    {
        NetworkDescription single = Describe(network, Precision.Single);
        float[] floats = [.. RandomParameters(single, network).Select(p => (float)p)];
        using var floatModel = new MemoryStream();
        OnnxExport.Write(floatModel, single, floats);
        floatModel.Position = 0;
        float[] floatsBack = new float[floats.Length];
        OnnxImport.Read(floatModel, single, floatsBack);
        Assert.Equal(floats.Select(BitConverter.SingleToInt32Bits), floatsBack.Select(BitConverter.SingleToInt32Bits));

        NetworkDescription dual = Describe(network, Precision.Double);
        double[] doubles = RandomParameters(dual, network);
        using var doubleModel = new MemoryStream();
        OnnxExport.Write(doubleModel, dual, doubles);
        doubleModel.Position = 0;
        double[] doublesBack = new double[doubles.Length];
        OnnxImport.Read(doubleModel, dual, doublesBack);
        Assert.Equal(doubles.Select(BitConverter.DoubleToInt64Bits), doublesBack.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData(Precision.Single, 1, "1.4142135")]
    [InlineData(Precision.Double, 11, "1.4142135623730951")]
    public void Each_layer_is_written_with_its_own_activation_GELU_and_SiLU_as_PyTorch_writes_them(Precision precision, int dataType, string sqrt2)
    {
        NetworkDescription description = Describe(3, precision);
        OnnxGraph graph = OnnxGraph.Read(Export(description));

        string[] expected = precision == Precision.Single
            ? ["Gemm", "Div", "Erf", "Add", "Mul", "Mul", "Gemm", "LeakyRelu", "Gemm", "Sigmoid", "Mul", "Gemm", "Sigmoid"]
            : ["Gemm", "Div", "Erf", "Add", "Mul", "Mul", "Gemm", "Mul", "Max", "Gemm", "Sigmoid", "Mul", "Gemm", "Sigmoid"];
        Assert.Equal(expected, graph.Nodes.Select(n => n.OpType));

        // The GELU's constants are scalars of the network's number type: sqrt 2, 1 and 1/2.
        OnnxNode div = graph.Nodes.Single(n => n.OpType == "Div");
        OnnxTensor divisor = graph.Initializers[div.Inputs[1]];
        Assert.Equal((dataType, 0), (divisor.DataType, divisor.Dims.Length));
        Assert.Equal(sqrt2, precision == Precision.Single ? ((float)divisor.Values[0]).ToString("R", System.Globalization.CultureInfo.InvariantCulture) : divisor.Values[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        OnnxNode add = graph.Nodes.Single(n => n.OpType == "Add");
        Assert.Equal(new[] { 1.0 }, graph.Initializers[add.Inputs[1]].Values);
        OnnxNode half = graph.Nodes[5];
        Assert.Equal(new[] { 0.5 }, graph.Initializers[half.Inputs[1]].Values);
        Assert.All(graph.Initializers.Values, tensor => Assert.Equal(dataType, tensor.DataType));

        // SiLU: Mul(z, Sigmoid(z)), z being the Gemm's output.
        OnnxNode sigmoid = graph.Nodes[^4];
        OnnxNode mul = graph.Nodes[^3];
        Assert.Equal(("Sigmoid", "Mul"), (sigmoid.OpType, mul.OpType));
        Assert.Equal(new[] { sigmoid.Inputs[0], sigmoid.Outputs[0] }, mul.Inputs);
    }

    [Fact]
    public void An_activation_the_exporter_does_not_know_is_refused_not_written_as_another()
    {
        var description = new NetworkDescription([2, 3, 1], [Activation.Tanh, (Activation)99], Loss.SquaredError, Optimizer.Sgd, Precision.Double);
        using var model = new MemoryStream();
        ArgumentException refused = Assert.Throws<ArgumentException>(() => OnnxExport.Write(model, description, new double[13]));
        Assert.Equal("description", refused.ParamName);
        Assert.StartsWith("Layer 2 of the 2-3-1 network has activation 99, which the ONNX export does not know.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, model.Length);
    }

    private static NetworkDescription Describe(int network, Precision precision) =>
        new(s_networks[network].Layers, s_networks[network].Activations,
            s_networks[network].Activations[^1] == Activation.Softmax ? Loss.CrossEntropy : Loss.SquaredError, Optimizer.Sgd, precision);

    private static byte[] Export(NetworkDescription description)
    {
        double[] parameters = RandomParameters(description, 0);
        using var model = new MemoryStream();
        if (description.Precision == Precision.Single)
        {
            OnnxExport.Write(model, description, parameters.Select(p => (float)p).ToArray());
        }
        else
        {
            OnnxExport.Write(model, description, parameters);
        }

        return model.ToArray();
    }

    // Weights and biases in [-1.5, 1.5]: z spans GELU's and SiLU's curved parts and their tails.
    private static double[] RandomParameters(NetworkDescription description, int seed)
    {
        var random = new Random(seed + 17);
        return [.. Enumerable.Range(0, (int)description.ParameterCount).Select(_ => (random.NextDouble() * 3) - 1.5)];
    }

    private static double[] RandomInputs(int count, int seed)
    {
        var random = new Random(seed + 71);
        return [.. Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 6) - 3)];
    }

    private static void AssertComputesTheChain(NetworkDescription description, double[] parameters, double[] inputs, double[] exported, double tolerance)
    {
        int inputCount = description.Layers[0], outputCount = description.Layers[^1];
        Assert.Equal(inputs.Length / inputCount * outputCount, exported.Length);
        for (int row = 0; row < inputs.Length / inputCount; row++)
        {
            double[] expected = ChainReference.Predict(description.Layers, description.Activations, parameters, inputs[(row * inputCount)..((row + 1) * inputCount)]);
            for (int k = 0; k < outputCount; k++)
            {
                double actual = exported[(row * outputCount) + k];
                Assert.True(Math.Abs(actual - expected[k]) <= tolerance * Math.Max(1, Math.Abs(expected[k])),
                    $"{description}: row {row} output {k}: the export computes {actual:R}, the chain {expected[k]:R}");
            }
        }
    }
}
