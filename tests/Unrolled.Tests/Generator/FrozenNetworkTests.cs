using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Generator;

/// <summary>
/// <c>Weights = "file"</c>: a trained network saved with NetworkFile.SaveAsText, compiled in as
/// constants. The frozen network must predict bit for bit what the trained one did, and every bad
/// file must be an error at the attribute.
/// </summary>
public sealed class FrozenNetworkTests
{
    // A static probe calls the frozen type's own members with arrays, which reflection can pass; the
    // interface tests call them through IPredictor instead.
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
    public void A_frozen_network_predicts_bit_for_bit_what_the_trained_one_did()
    {
        var trained = new XorNetwork();
        trained.Randomize(4);
        for (int step = 0; step < 2_000; step++)
        {
            trained.Train([step & 1, (step >> 1) & 1], [((step & 1) ^ ((step >> 1) & 1))], 0.5);
        }

        NetworkAssembly frozen = Compile("[Unrolled.Network(2, 4, 1, Weights = \"xor.unrolled\")] public partial class Frozen;", "xor.unrolled", SavedNetworks.Text(trained));
        AssertSamePredictions(trained, frozen);
    }

    [Fact]
    public void A_frozen_blocked_network_need_not_repeat_the_saved_loss_or_optimizer_and_predicts_bit_for_bit()
    {
        INetwork trained = OptionNetworks.Create(6, 2); // 17-15-13-3: ReLU, softmax, cross-entropy, Adam
        trained.Randomize(8);
        double[] input = [.. Enumerable.Range(0, 17).Select(i => i * 0.05)];
        double[] target = [0, 1, 0];
        for (int step = 0; step < 20; step++)
        {
            trained.Train(input, target, 0.01);
        }

        NetworkAssembly frozen = Compile(
            "[Unrolled.Network(17, 15, 13, 3, Hidden = Unrolled.Activation.ReLU, Output = Unrolled.Activation.Softmax, Weights = \"net.unrolled\")] public partial class Frozen;",
            "net.unrolled", SavedNetworks.Text(trained));
        AssertSamePredictions(trained, frozen);
        Assert.Equal(Answers(trained), Answers((IPredictor)frozen.CreateObject("Frozen")));
    }

    [Fact]
    public void A_frozen_and_a_trainable_network_predict_the_same_through_IPredictor()
    {
        var trained = new XorNetwork();
        trained.Randomize(4);
        for (int step = 0; step < 2_000; step++)
        {
            trained.Train([step & 1, (step >> 1) & 1], [((step & 1) ^ ((step >> 1) & 1))], 0.5);
        }

        NetworkAssembly frozen = Compile("[Unrolled.Network(2, 4, 1, Weights = \"xor.unrolled\")] public partial struct Frozen;", "xor.unrolled", SavedNetworks.Text(trained));
        object predictor = frozen.CreateObject("Frozen");
        Assert.IsNotAssignableFrom<INetwork>(predictor);

        Assert.Equal(Answers(trained), Answers((IPredictor)predictor));
        Assert.Equal(Onnx(trained.ExportOnnx), Onnx(((IPredictor)predictor).ExportOnnx));
    }

    [Fact]
    public void A_frozen_float_network_and_the_trained_one_predict_the_same_through_ISinglePredictor()
    {
        var trained = new SingleXorNetwork();
        trained.Randomize(4);
        for (int step = 0; step < 2_000; step++)
        {
            trained.Train([step & 1, (step >> 1) & 1], [(step & 1) ^ ((step >> 1) & 1)], 0.5f);
        }

        string text = SavedNetworks.Text(path => NetworkFile.SaveAsText(trained, path));
        NetworkAssembly frozen = Compile("[Unrolled.Network(2, 4, 1, Precision = Unrolled.Precision.Single, Weights = \"xor.unrolled\")] public partial class Frozen;",
            "xor.unrolled", text, probe: string.Empty);
        object predictor = frozen.CreateObject("Frozen");
        Assert.IsNotAssignableFrom<ISingleNetwork>(predictor);

        Assert.Equal(Answers(trained), Answers((ISinglePredictor)predictor));
    }

    [Fact]
    public void A_binary_saved_network_compiles_in_through_the_build_step_bit_for_bit_like_the_text_form_and_Load()
    {
        var trained = new XorNetwork();
        trained.Randomize(4);
        for (int step = 0; step < 2_000; step++)
        {
            trained.Train([step & 1, (step >> 1) & 1], [((step & 1) ^ ((step >> 1) & 1))], 0.5);
        }

        using var saved = new MemoryStream();
        trained.Save(saved);
        byte[] binary = saved.ToArray();
        var loaded = new XorNetwork();
        loaded.Load(new MemoryStream(binary));

        // NetworkFile.Save's bytes, as the build step hands them on; the name says nothing, the content does.
        const string Source = "[Unrolled.Network(2, 4, 1, Weights = \"models/xor.weights\")] public partial class Frozen;";
        GeneratorRun run = BuildStep.Run("/project/", [BuildStep.Converted("/project/models/xor.weights", binary)], Source, Probe);
        Assert.Empty(run.GeneratorDiagnostics);
        NetworkAssembly fromBinary = NetworkAssembly.Build(run);
        NetworkAssembly fromText = Compile(Source.Replace("models/xor.weights", "xor.unrolled", StringComparison.Ordinal), "xor.unrolled", SavedNetworks.Text(trained));

        AssertSamePredictions(trained, fromBinary);
        AssertSamePredictions(loaded, fromBinary);
        Assert.Equal(((double[])fromText.Call("Probe", "Parameters")!).Select(BitConverter.DoubleToInt64Bits), ((double[])fromBinary.Call("Probe", "Parameters")!).Select(BitConverter.DoubleToInt64Bits));
        string header = string.Join(" ", run.Lessons.Single().SourceText.ToString().Split('\n').TakeWhile(line => line.StartsWith("//", StringComparison.Ordinal)).Select(line => line.TrimStart('/').Trim()));
        Assert.Contains("To change them, save a trained network of the same shape to that file with NetworkFile.Save and rebuild.", header, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_network_is_known_by_its_first_bytes_even_under_an_onnx_name()
    {
        var trained = new XorNetwork();
        trained.Randomize(7);
        using var saved = new MemoryStream();
        trained.Save(saved);

        GeneratorRun run = BuildStep.Run("/project/", [BuildStep.Converted("/project/net.onnx", saved.ToArray())],
            "[Unrolled.Network(2, 4, 1, Weights = \"net.onnx\")] public partial class Frozen;", Probe);

        Assert.Empty(run.GeneratorDiagnostics);
        AssertSamePredictions(trained, NetworkAssembly.Build(run));
    }

    [Theory]
    [InlineData("Loss = Unrolled.Loss.SquaredError")]
    [InlineData("Optimizer = Unrolled.Optimizer.Adam")]
    [InlineData("Momentum = 0.5")]
    [InlineData("Beta1 = 0.8")]
    [InlineData("Beta2 = 0.99")]
    [InlineData("Epsilon = 1e-7")]
    public void UNR026_an_option_only_training_reads_is_an_error_at_that_argument(string option)
    {
        string message = AssertDiagnostic("UNR026", $"[Unrolled.Network(2, 4, 1, [|{option}|], Weights = \"xor.unrolled\")] public partial class Frozen;",
            [new InMemoryAdditionalText("/project/xor.unrolled", SavedNetworks.Text(new XorNetwork()))], "which only training reads, and a frozen network never trains; remove " + option.Split(' ')[0]);
        Assert.StartsWith($"The frozen network 'Frozen' sets {option.Split(' ')[0]},", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UNR026_each_training_option_is_reported_where_it_is_written_and_UNR023_is_not()
    {
        Markup markup = Markup.Parse("[Unrolled.Network(2, 4, 1, [|Optimizer = Unrolled.Optimizer.Sgd|], [|Beta1 = 0.8|], Weights = \"xor.unrolled\")] public partial class Frozen;");
        GeneratorRun run = GeneratorHarness.Run([new InMemoryAdditionalText("/project/xor.unrolled", SavedNetworks.Text(new XorNetwork()))], markup.Source);

        Assert.Equal(["UNR026", "UNR026"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Equal(markup.Spans, run.GeneratorDiagnostics.Select(d => d.Location.SourceSpan).Order());
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_frozen_softmax_network_needs_no_loss()
    {
        INetwork trained = OptionNetworks.Create(6, 2); // 17-15-13-3: ReLU, softmax, cross-entropy, Adam
        GeneratorRun run = GeneratorHarness.Run([new InMemoryAdditionalText("/project/net.unrolled", SavedNetworks.Text(trained))],
            "[Unrolled.Network(17, 15, 13, 3, Hidden = Unrolled.Activation.ReLU, Output = Unrolled.Activation.Softmax, Weights = \"net.unrolled\")] public partial class Frozen;");

        // No UNR017 ("Softmax output needs cross-entropy"): that is about training.
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    public void UNR025_an_empty_weights_path_asks_for_a_path_not_for_an_empty_AdditionalFiles_item(string path)
    {
        string message = AssertDiagnostic("UNR025", $"[Unrolled.Network(2, 4, 1, Weights = [|{path}|])] public partial class Frozen;", [],
            "sets Weights to an empty path, which names no file; write the path of the weights file");
        Assert.Contains("or remove Weights for a network that trains", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Include=\"\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UNR019_a_missing_weights_file() => AssertDiagnostic("UNR019",
        "[Unrolled.Network(2, 4, 1, Weights = [|\"missing.unrolled\"|])] public partial class Frozen;", [], "add <AdditionalFiles Include=\"missing.unrolled\" />");

    [Fact]
    public void UNR020_a_file_that_is_not_base64_or_is_corrupted()
    {
        AssertDiagnostic("UNR020", "[Unrolled.Network(2, 4, 1, Weights = [|\"xor.unrolled\"|])] public partial class Frozen;",
            [new InMemoryAdditionalText("/project/xor.unrolled", "this is not base64 !")], "not base64");

        byte[] bytes = Convert.FromBase64String(SavedNetworks.Text(new XorNetwork()));
        bytes[40] ^= 0x01;
        AssertDiagnostic("UNR020", "[Unrolled.Network(2, 4, 1, Weights = [|\"xor.unrolled\"|])] public partial class Frozen;",
            [new InMemoryAdditionalText("/project/xor.unrolled", Convert.ToBase64String(bytes))], "checksum does not match");
    }

    [Fact]
    public void UNR021_a_file_for_another_network_names_both()
    {
        AssertDiagnostic("UNR021", "[Unrolled.Network(2, 3, 1, Weights = [|\"xor.unrolled\"|])] public partial class Frozen;",
            [new InMemoryAdditionalText("/project/data/xor.unrolled", SavedNetworks.Text(new XorNetwork()))],
            "holds a 2-4-1 (Sigmoid hidden, Sigmoid output, Double) network, but the attribute declares a 2-3-1 (Sigmoid hidden, Sigmoid output, Double) network; declare it as the network that was saved: the layers 2, 4, 1");
    }

    [Fact]
    public void UNR021_a_float_network_into_a_double_attribute_is_told_only_the_precision()
    {
        string text = SavedNetworks.Text(path => NetworkFile.SaveAsText(new SingleXorNetwork(), path));
        string message = AssertDiagnostic("UNR021", "[Unrolled.Network(2, 4, 1, Weights = [|\"xor.unrolled\"|])] public partial class Frozen;",
            [new InMemoryAdditionalText("/project/xor.unrolled", text)], "holds a 2-4-1 (Sigmoid hidden, Sigmoid output, Single) network");
        Assert.EndsWith("; declare it as the network that was saved: Precision = Precision.Single", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UNR022_two_files_of_that_name_are_both_named_and_a_longer_path_is_asked_for()
    {
        AdditionalText[] versions = [new InMemoryAdditionalText("/project/v1/net.unrolled", SavedNetworks.Text(new XorNetwork())), new InMemoryAdditionalText("/project/v2/net.unrolled", SavedNetworks.Text(new XorNetwork()))];
        const string Source = "[Unrolled.Network(2, 4, 1, Weights = [|\"net.unrolled\"|])] public partial class Frozen;";
        AssertDiagnostic("UNR022", Source, [.. versions], "matches 'v1/net.unrolled' and 'v2/net.unrolled' among the project's AdditionalFiles; write a longer path", "/project/");
        AssertDiagnostic("UNR022", Source, [.. versions.Reverse()], "such as Weights = \"v1/net.unrolled\"", "/project/");

        // Outside MSBuild there is no project directory, so the message shows the paths as the compiler has them.
        AssertDiagnostic("UNR022", Source, [.. versions], "matches '/project/v1/net.unrolled' and '/project/v2/net.unrolled'");
    }

    [Fact]
    public void UNR024_a_listed_file_the_compiler_cannot_read_says_why_it_may_be_and_what_writes_it()
    {
        // Without the package's build step, the compiler hands over no text for a missing or binary file.
        string message = AssertDiagnostic("UNR024", "[Unrolled.Network(2, 4, 1, Weights = [|\"./models/xor.unrolled\"|])] public partial class Frozen;",
            [new MissingAdditionalText("/project/models/xor.unrolled")], "'models/xor.unrolled', which is listed among the project's AdditionalFiles but cannot be read: it does not exist yet (CS2001), or it is binary (CS2015)", "/project/");
        Assert.Contains("through the Unrolled package's build step, build/Unrolled.targets", message, StringComparison.Ordinal);
        Assert.Contains("write this file with NetworkFile.Save or NetworkFile.SaveAsText, then build again", message, StringComparison.Ordinal);
        Assert.DoesNotContain("save the trained network again", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UNR024_a_file_the_build_step_found_missing_is_named_with_its_path_and_never_read()
    {
        Markup markup = Markup.Parse("[Unrolled.Network(2, 4, 1, Weights = [|\"models/xor.unrolled\"|])] public partial class Frozen;");
        BuildStepFile missing = BuildStep.Missing("/project/models/xor.unrolled");
        GeneratorRun run = BuildStep.Run("/project/", [missing], markup.Source);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("UNR024", diagnostic.Id);
        Assert.Equal(markup.Spans.Single(), diagnostic.Location.SourceSpan);
        Assert.Contains("which is listed among the project's AdditionalFiles but does not exist: there is no file at '/project/models/xor.unrolled'; train the network and write this file with NetworkFile.Save or NetworkFile.SaveAsText, then build again",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(0, ((CountingAdditionalText)missing.Text).Reads);
    }

    [Fact]
    public void The_generator_stays_cached_while_the_file_is_unchanged_and_reruns_when_it_changes()
    {
        const string Source = "[Unrolled.Network(2, 4, 1, Weights = \"xor.unrolled\")] public partial class Frozen;";
        var first = new XorNetwork();
        first.Randomize(1);
        var second = new XorNetwork();
        second.Randomize(2);
        var file = new InMemoryAdditionalText("/project/xor.unrolled", SavedNetworks.Text(first));
        Compilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(additionalFiles: [file]).RunGenerators(compilation, TestContext.Current.CancellationToken);
        string before = driver.GetRunResult().Results.Single().GeneratedSources.Lessons().Single().SourceText.ToString();

        // The same file again, after an unrelated edit elsewhere: nothing downstream of it reruns.
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class Unrelated { }", GeneratorHarness.ParseOptions, cancellationToken: TestContext.Current.CancellationToken)), TestContext.Current.CancellationToken);
        GeneratorRunResult cached = driver.GetRunResult().Results.Single();
        Assert.All(cached.TrackedSteps[Unrolled.Generator.TrackingNames.Resolved], step => Assert.All(step.Outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString())));
        Assert.All(cached.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));

        // New weights: the network is read and emitted again.
        driver = driver.ReplaceAdditionalText(file, new InMemoryAdditionalText("/project/xor.unrolled", SavedNetworks.Text(second))).RunGenerators(compilation, TestContext.Current.CancellationToken);
        GeneratorRunResult changed = driver.GetRunResult().Results.Single();
        Assert.Contains(changed.TrackedSteps[Unrolled.Generator.TrackingNames.Resolved].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.NotEqual(before, changed.GeneratedSources.Lessons().Single().SourceText.ToString());
    }

    // Everything a caller can learn through the interface, in one list of bits: the shape, the
    // parameters, and Predict and PredictBatch on random rows.
    private static List<long> Answers(IPredictor network)
    {
        var random = new Random(3);
        double[] inputs = [.. Enumerable.Range(0, 50 * network.InputCount).Select(_ => (random.NextDouble() * 4) - 2)];
        double[] outputs = new double[50 * network.OutputCount];
        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        network.PredictBatch(inputs, outputs);
        List<long> answers = [network.InputCount, network.OutputCount, network.ParameterCount, .. network.LayerSizes.ToArray(),
            .. parameters.Select(BitConverter.DoubleToInt64Bits), .. outputs.Select(BitConverter.DoubleToInt64Bits)];
        double[] output = new double[network.OutputCount];
        for (int row = 0; row < 50; row++)
        {
            network.Predict(inputs.AsSpan(row * network.InputCount, network.InputCount), output);
            answers.AddRange(output.Select(BitConverter.DoubleToInt64Bits));
        }

        return answers;
    }

    private static List<long> Answers(ISinglePredictor network)
    {
        var random = new Random(3);
        float[] inputs = [.. Enumerable.Range(0, 50 * network.InputCount).Select(_ => (float)((random.NextDouble() * 4) - 2))];
        float[] outputs = new float[50 * network.OutputCount];
        float[] parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        network.PredictBatch(inputs, outputs);
        List<long> answers = [network.InputCount, network.OutputCount, network.ParameterCount, .. network.LayerSizes.ToArray(),
            .. parameters.Select(p => (long)BitConverter.SingleToInt32Bits(p)), .. outputs.Select(o => (long)BitConverter.SingleToInt32Bits(o))];
        float[] output = new float[network.OutputCount];
        for (int row = 0; row < 50; row++)
        {
            network.Predict(inputs.AsSpan(row * network.InputCount, network.InputCount), output);
            answers.AddRange(output.Select(o => (long)BitConverter.SingleToInt32Bits(o)));
        }

        return answers;
    }

    private static byte[] Onnx(Action<Stream> export)
    {
        using var stream = new MemoryStream();
        export(stream);
        return stream.ToArray();
    }

    private static NetworkAssembly Compile(string source, string fileName, string text, string probe = Probe) =>
        NetworkAssembly.Build(GeneratorHarness.Run([new InMemoryAdditionalText("/project/" + fileName, text)], source, probe));

    private static void AssertSamePredictions(INetwork trained, NetworkAssembly frozen)
    {
        double[] parameters = new double[trained.ParameterCount];
        trained.CopyParametersTo(parameters);
        Assert.Equal(parameters.Select(BitConverter.DoubleToInt64Bits), ((double[])frozen.Call("Probe", "Parameters")!).Select(BitConverter.DoubleToInt64Bits));
        var random = new Random(3);
        double[] expected = new double[trained.OutputCount];
        for (int sample = 0; sample < 200; sample++)
        {
            double[] input = [.. Enumerable.Range(0, trained.InputCount).Select(_ => (random.NextDouble() * 4) - 2)];
            trained.Predict(input, expected);
            double[] actual = (double[])frozen.Call("Probe", "Predict", [input])!;
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    private static string AssertDiagnostic(string id, string marked, ImmutableArray<AdditionalText> files, string phrase, string? projectDirectory = null)
    {
        Markup markup = Markup.Parse(marked);
        GeneratorRun run = GeneratorHarness.RunInProject(projectDirectory, files, markup.Source);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(markup.Spans.Single(), diagnostic.Location.SourceSpan);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(phrase, message, StringComparison.Ordinal);
        Assert.DoesNotContain(run.CompilerDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        Assert.Empty(run.Sources);
        return message;
    }
}
