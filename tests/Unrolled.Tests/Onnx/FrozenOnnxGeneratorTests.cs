using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// <c>Weights = "model.onnx"</c>, as the generator sees it after the package's build step: the
/// model's bytes in base64, known by the model's own path. The frozen network holds exactly the
/// parameters ImportOnnx sets, and a model that cannot be used is an error at the attribute.
/// </summary>
public sealed class FrozenOnnxGeneratorTests
{
    private const string Probe = """
        public static class Probe
        {
            public static double[] Predict(double[] input)
            {
                var output = new double[Frozen.OutputCount];
                new Frozen().Predict(input, output);
                return output;
            }

            public static double[] Parameters()
            {
                var parameters = new double[Frozen.ParameterCount];
                new Frozen().CopyParametersTo(parameters);
                return parameters;
            }
        }
        """;

    [Fact]
    public void A_model_as_text_compiles_in_and_predicts_bit_for_bit_like_the_imported_network()
    {
        var imported = new TanhDoubleFixtureNet();
        imported.ImportOnnx(new MemoryStream(OnnxFixture.Bytes("tanh_2_5_3_1_double")));
        GeneratorRun run = GeneratorHarness.Run([Text("/project/tanh.onnx", "tanh_2_5_3_1_double")],
            "[Unrolled.Network(2, 5, 3, 1, Hidden = Unrolled.Activation.Tanh, Weights = \"tanh.onnx\")] public partial class Frozen;", Probe);
        Assert.Empty(run.GeneratorDiagnostics);
        NetworkAssembly frozen = NetworkAssembly.Build(run);

        Assert.Equal(NetworkParameters.Of(imported).Select(BitConverter.DoubleToInt64Bits), ((double[])frozen.Call("Probe", "Parameters")!).Select(BitConverter.DoubleToInt64Bits));
        var random = new Random(5);
        double[] expected = new double[1];
        for (int sample = 0; sample < 100; sample++)
        {
            double[] input = [(random.NextDouble() * 6) - 3, (random.NextDouble() * 6) - 3];
            imported.Predict(input, expected);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[0]), BitConverter.DoubleToInt64Bits(((double[])frozen.Call("Probe", "Predict", [input])!)[0]));
        }
    }

    [Fact]
    public void The_build_steps_text_file_is_known_by_the_path_of_the_model()
    {
        // What build/Unrolled.WeightsAsText.targets hands the compiler: obj/.../model.onnx.base64, with the model's path as metadata.
        BuildStepFile converted = BuildStep.Converted("/project/models/model.onnx", OnnxFixture.Bytes("sigmoid_2_4_1"));
        const string Declared = "[Unrolled.Network(2, 4, 1, Precision = Unrolled.Precision.Single, Weights = \"models/model.onnx\")] public partial class Frozen;";

        GeneratorRun found = BuildStep.Run(null, [converted], Declared);
        Assert.Empty(found.GeneratorDiagnostics);
        Assert.Contains("Frozen", found.Lessons.Single().HintName, StringComparison.Ordinal);

        // Without the metadata the text file is only "model.onnx.base64": the model is not found.
        GeneratorRun missing = BuildStep.Run(null, [BuildStep.AsListed(converted.Text)], Declared);
        Assert.Equal("UNR019", Assert.Single(missing.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void The_header_of_a_network_frozen_from_a_model_says_to_export_the_model_again_not_to_save_into_it()
    {
        GeneratorRun run = BuildStep.Run("/project/", [BuildStep.Converted("/project/model.onnx", OnnxFixture.Bytes("tanh_2_5_3_1_double"))],
            "[Unrolled.Network(2, 5, 3, 1, Hidden = Unrolled.Activation.Tanh, Weights = \"model.onnx\")] public partial class Frozen;");
        Assert.Empty(run.GeneratorDiagnostics);
        // The header as one text, its comment lines joined where they wrap.
        string header = string.Join(" ", run.Lessons.Single().SourceText.ToString().Split('\n').TakeWhile(line => line.StartsWith("//", StringComparison.Ordinal)).Select(line => line.TrimStart('/').Trim()));

        Assert.Contains("To change them, export the model into that file again (torch.onnx.export where it was trained, or ExportOnnx of a trained Unrolled network of the same shape) and rebuild.", header, StringComparison.Ordinal);
        Assert.DoesNotContain("NetworkFile.Save", header, StringComparison.Ordinal);
    }

    [Fact]
    public void UNR024_a_listed_model_that_does_not_exist_says_so_with_its_path_and_how_to_write_it()
    {
        Markup markup = Markup.Parse("[Unrolled.Network(2, 4, 1, Weights = [|\"models/model.onnx\"|])] public partial class Frozen;");
        BuildStepFile missing = BuildStep.Missing("/project/models/model.onnx");
        GeneratorRun run = BuildStep.Run("/project/", [missing], markup.Source);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("UNR024", diagnostic.Id);
        Assert.Equal(markup.Spans.Single(), diagnostic.Location.SourceSpan);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'models/model.onnx', which is listed among the project's AdditionalFiles but does not exist: there is no file at '/project/models/model.onnx'", message, StringComparison.Ordinal);
        Assert.Contains("export the model into it (torch.onnx.export where it was trained, or ExportOnnx of a trained Unrolled network), then build again", message, StringComparison.Ordinal);
        Assert.DoesNotContain("not among", message, StringComparison.Ordinal);
        Assert.DoesNotContain("SaveAsText", message, StringComparison.Ordinal);

        // The compiler is never asked for a file that is not there, so it adds no CS2001 of its own.
        Assert.Equal(0, ((CountingAdditionalText)missing.Text).Reads);
    }

    [Fact]
    public void UNR019_a_model_that_is_not_listed() => AssertDiagnostic("UNR019",
        "[Unrolled.Network(2, 4, 1, Weights = [|\"model.onnx\"|])] public partial class Frozen;", [], "add <AdditionalFiles Include=\"model.onnx\" />");

    [Fact]
    public void UNR020_a_model_that_is_not_a_chain_of_layers_names_the_node()
    {
        AssertDiagnostic("UNR020", "[Unrolled.Network(2, 4, 1, Weights = [|\"gelu.onnx\"|])] public partial class Frozen;",
            [Text("/project/gelu.onnx", "gelu_tanh_2_4_1")],
            "cannot use the weights in '/project/gelu.onnx': The ONNX model's node 1 \"/1/Mul\" (Mul) cannot be mapped to a fully connected layer: it multiplies z by itself, as nn.GELU(approximate=\"tanh\") begins, and Unrolled's GELU is the exact one: export nn.GELU(). Unrolled imports a chain of fully connected layers: Gemm, or MatMul then Add, each followed by Sigmoid, Tanh, Relu, LeakyRelu, Softmax, Gelu, Identity or nothing, or by a GELU or SiLU as PyTorch exports them (Div, Erf, Add, Mul, Mul; Sigmoid, Mul); docs/persistence-and-frozen-networks.md (\"Bring a model trained in PyTorch\") lists what Unrolled imports");
    }

    [Fact]
    public void UNR020_a_truncated_model()
    {
        byte[] bytes = OnnxFixture.Bytes("sigmoid_2_4_1");
        AssertDiagnostic("UNR020", "[Unrolled.Network(2, 4, 1, Precision = Unrolled.Precision.Single, Weights = [|\"model.onnx\"|])] public partial class Frozen;",
            [new InMemoryAdditionalText("/project/model.onnx", Convert.ToBase64String(bytes[..(bytes.Length - 10)]))], "truncated");
    }

    [Fact]
    public void UNR021_a_model_of_other_layers_names_both()
    {
        AssertDiagnostic("UNR021", "[Unrolled.Network(2, 3, 1, Precision = Unrolled.Precision.Single, Weights = [|\"model.onnx\"|])] public partial class Frozen;",
            [Text("/project/model.onnx", "sigmoid_2_4_1")],
            "The ONNX model holds a 2-4-1 (Sigmoid hidden, Sigmoid output, float32) network, but the attribute declares a 2-3-1 (Sigmoid hidden, Sigmoid output, Single) network; give the attribute the layers and activations of the exported model");
    }

    [Fact]
    public void UNR021_a_float64_model_into_a_float_network_gets_only_the_precision_advice()
    {
        (_, string message) = AssertDiagnostic("UNR021", "[Unrolled.Network(2, 5, 3, 1, Hidden = Unrolled.Activation.Tanh, Precision = Unrolled.Precision.Single, Weights = [|\"model.onnx\"|])] public partial class Frozen;",
            [Text("/project/model.onnx", "tanh_2_5_3_1_double")],
            "The ONNX model's numbers are float64, and the 2-5-3-1 (Tanh hidden, Sigmoid output, Single) network holds float32: its numbers would be rounded. Declare the network with Precision = Precision.Double, or export the model in float32 (model.float())");
        Assert.EndsWith("(model.float())", message, StringComparison.Ordinal);
        Assert.DoesNotContain("give the attribute", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UNR021_a_LeakyReLU_slope_that_is_not_Unrolleds()
    {
        AssertDiagnostic("UNR021", "[Unrolled.Network(2, 4, 1, Hidden = Unrolled.Activation.LeakyReLU, Precision = Unrolled.Precision.Single, Weights = [|\"model.onnx\"|])] public partial class Frozen;",
            [Text("/project/model.onnx", "leakyrelu_default_slope_2_4_1")], "has LeakyReLU slope 0.01, and Unrolled's LeakyReLU has slope 1/128");
    }

    [Fact]
    public void UNR020_a_model_with_a_NaN_bias_names_the_tensor_and_compiles_nothing_in()
    {
        byte[] bytes = OnnxFixture.Bytes("sigmoid_2_4_1");
        OnnxNonFiniteRefusalTests.ReplaceOnce(bytes, BitConverter.GetBytes(-0.6631338596343994f), BitConverter.GetBytes(0xFFC00000));
        (GeneratorRun run, _) = AssertDiagnostic("UNR020", "[Unrolled.Network(2, 4, 1, Precision = Unrolled.Precision.Single, Weights = [|\"model.onnx\"|])] public partial class Frozen;",
            [new InMemoryAdditionalText("/project/model.onnx", Convert.ToBase64String(bytes))],
            "cannot use the weights in '/project/model.onnx': The tensor \"2.bias\" (the bias of the ONNX model's node 2 \"/2/Gemm\" (Gemm)) holds NaN at index 0 of 1, and a network's parameters must be finite numbers");
        Assert.Empty(run.Lessons);

        // One piece of advice, the reader's own: not a second one about the chain of layers glued after it.
        string message = Assert.Single(run.GeneratorDiagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.EndsWith("model.parameters()); docs/persistence-and-frozen-networks.md (\"Bring a model trained in PyTorch\") lists what Unrolled imports", message, StringComparison.Ordinal);
        Assert.DoesNotContain("export a chain of Linear layers", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UNR020_a_float64_model_with_an_infinite_weight_names_the_tensor()
    {
        var network = new TanhDoubleFixtureNet();
        network.ImportOnnx(new MemoryStream(OnnxFixture.Bytes("tanh_2_5_3_1_double")));
        double[] parameters = NetworkParameters.Of(network);
        byte[] bytes = OnnxFixture.Bytes("tanh_2_5_3_1_double");
        OnnxNonFiniteRefusalTests.ReplaceOnce(bytes, BitConverter.GetBytes(parameters[1]), BitConverter.GetBytes(double.NegativeInfinity));
        AssertDiagnostic("UNR020", "[Unrolled.Network(2, 5, 3, 1, Hidden = Unrolled.Activation.Tanh, Weights = [|\"model.onnx\"|])] public partial class Frozen;",
            [new InMemoryAdditionalText("/project/model.onnx", Convert.ToBase64String(bytes))],
            "The tensor \"0.weight\" (the weights of the ONNX model's node 0 \"/0/Gemm\" (Gemm)) holds -infinity at index 1 of 10");
    }

    [Fact]
    public void A_model_with_a_leading_Flatten_compiles_in_like_the_imported_network()
    {
        var imported = new FlattenFixtureNet();
        imported.ImportOnnx(new MemoryStream(OnnxFixture.Bytes("flatten_tanh_2_4_1")));
        float[] expected = new float[FlattenFixtureNet.ParameterCount];
        imported.CopyParametersTo(expected);
        GeneratorRun run = GeneratorHarness.Run([Text("/project/flatten.onnx", "flatten_tanh_2_4_1")],
            "[Unrolled.Network(2, 4, 1, Hidden = Unrolled.Activation.Tanh, Precision = Unrolled.Precision.Single, Weights = \"flatten.onnx\")] public partial class Frozen;",
            "public static class Probe { public static float[] Parameters() { var p = new float[Frozen.ParameterCount]; new Frozen().CopyParametersTo(p); return p; } }");
        Assert.Empty(run.GeneratorDiagnostics);
        float[] frozen = (float[])NetworkAssembly.Build(run).Call("Probe", "Parameters")!;
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), frozen.Select(BitConverter.SingleToInt32Bits));
    }

    private static InMemoryAdditionalText Text(string path, string fixture) =>
        new(path, Convert.ToBase64String(OnnxFixture.Bytes(fixture), Base64FormattingOptions.InsertLineBreaks));

    /// <summary>Asserts the run reports exactly one <paramref name="id"/> error, at the marked span, containing <paramref name="phrase"/>.</summary>
    private static (GeneratorRun Run, string Message) AssertDiagnostic(string id, string marked, ImmutableArray<AdditionalText> files, string phrase)
    {
        Markup markup = Markup.Parse(marked);
        GeneratorRun run = GeneratorHarness.Run(files, markup.Source);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(markup.Spans.Single(), diagnostic.Location.SourceSpan);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(phrase, message, StringComparison.Ordinal);
        return (run, message);
    }
}
