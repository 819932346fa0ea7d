using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// Frozen networks whose layers differ in activation (issue 21): a network trained with
/// <c>Activations = new[] { ... }</c>, GELU and SiLU among them, saved with NetworkFile.SaveAsText
/// or exported by PyTorch, compiles in and predicts bit for bit what the trained or imported
/// network does; a file whose activations are not the attribute's is UNR021 at the attribute,
/// with advice that names the file's <c>Activations = new[] { ... }</c>.
/// </summary>
public sealed class FrozenPerLayerActivationTests
{
    [Theory]
    [InlineData("4, 8, 6, 3", "ReLU, GELU, Softmax", "Loss = Unrolled.Loss.CrossEntropy, ", "Double")]
    [InlineData("3, 5, 4, 2", "SiLU, Tanh, Sigmoid", "", "Double")]
    [InlineData("3, 6, 5, 2", "GELU, SiLU, Linear", "", "Single")]
    // Small enough (43 parameters) that Adam's trained PredictBatch takes the SIMD kernel the frozen one takes.
    [InlineData("3, 4, 3, 3", "ReLU, GELU, Softmax", "Loss = Unrolled.Loss.CrossEntropy, Optimizer = Unrolled.Optimizer.Adam, ", "Single")]
    // Layers this wide are written in the blocked layout, trained and frozen alike.
    [InlineData("17, 15, 13, 3", "SiLU, GELU, Softmax", "Loss = Unrolled.Loss.CrossEntropy, ", "Double")]
    public void A_trained_network_with_per_layer_activations_frozen_predicts_bit_for_bit(string layers, string activations, string training, string precision)
    {
        string list = Activations(activations);
        string trainable = $"[Unrolled.Network({layers}, Activations = {list}, {training}Precision = Unrolled.Precision.{precision})] public partial class Trained;";
        object trained = NetworkAssembly.Build(trainable).CreateObject("Trained");
        string text = Train(trained);

        string frozenSource = $"[Unrolled.Network({layers}, Activations = {list}, Precision = Unrolled.Precision.{precision}, Weights = \"net.unrolled\")] public partial class Frozen;";
        object frozen = NetworkAssembly.Build(GeneratorHarness.Run([new InMemoryAdditionalText("/project/net.unrolled", text)], frozenSource)).CreateObject("Frozen");

        Assert.Equal(Answers(trained), Answers(frozen));
    }

    [Theory]
    // The file's hidden layers differ from each other, so no Hidden/Output pair describes it.
    [InlineData("Hidden = Unrolled.Activation.ReLU, Output = Unrolled.Activation.Softmax")]
    [InlineData("Hidden = Unrolled.Activation.ReLU")]
    [InlineData("Activations = new[] { Unrolled.Activation.ReLU, Unrolled.Activation.GELU, Unrolled.Activation.Softmax }")]
    [InlineData("Activations = new[] { Unrolled.Activation.Tanh, Unrolled.Activation.ReLU, Unrolled.Activation.Softmax }")]
    public void UNR021_a_file_of_other_activations_advises_the_files_Activations_list(string declared)
    {
        INetwork saved = NetworkAssembly.Build(
            "[Unrolled.Network(4, 16, 8, 3, Activations = new[] { Unrolled.Activation.ReLU, Unrolled.Activation.Tanh, Unrolled.Activation.Softmax }, Loss = Unrolled.Loss.CrossEntropy)] public partial class Saved;")
            .Create("Saved");
        saved.Randomize(3);

        Markup markup = Markup.Parse($"[Unrolled.Network(4, 16, 8, 3, {declared}, Weights = [|\"net.unrolled\"|])] public partial class Frozen;");
        GeneratorRun run = GeneratorHarness.Run([new InMemoryAdditionalText("/project/net.unrolled", SavedNetworks.Text(saved))], markup.Source);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("UNR021", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(markup.Spans.Single(), diagnostic.Location.SourceSpan);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("holds a 4-16-8-3 (ReLU, Tanh, Softmax, Double) network", message, StringComparison.Ordinal);
        // FrozenActivationAdviceTests has the whole message, with the Hidden or Output to remove.
        Assert.Contains("declare it as the network that was saved: Activations = new[] { Activation.ReLU, Activation.Tanh, Activation.Softmax }", message, StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    public static TheoryData<string> TorchModels =>
    [
        "gelu_linear_3_5_2_double", "gelu_linear_3_5_2_single",
        "silu_sigmoid_3_5_2_double", "silu_sigmoid_3_5_2_single",
        "gelu_silu_softmax_4_6_5_3_double", "gelu_silu_softmax_4_6_5_3_single",
        "relu_tanh_softmax_4_16_8_3_double", "relu_tanh_softmax_4_16_8_3_single",
        "tanh_gelu_linear_2_4_3_1_double", "tanh_gelu_linear_2_4_3_1_single",
        "silu_gelu_2_3_1_double", "silu_gelu_2_3_1_single",
    ];

    [Theory]
    [MemberData(nameof(TorchModels))]
    public void A_PyTorch_export_frozen_predicts_bit_for_bit_like_ImportOnnx_of_the_same_file(string name)
    {
        TorchFixture fixture = TorchFixtures.Load(name);
        string layers = string.Join(", ", fixture.Layers);
        string list = Activations(string.Join(", ", fixture.Activations));
        string precision = $"Precision = Unrolled.Precision.{fixture.Precision}";
        string trainable = $"[Unrolled.Network({layers}, Activations = {list}, Loss = Unrolled.Loss.{fixture.Loss}, {precision})] public partial class Imported;";
        string frozenSource = $"[Unrolled.Network({layers}, Activations = {list}, {precision}, Weights = \"model.onnx\")] public partial class Frozen;";
        byte[] model = File.ReadAllBytes(Path.Combine(TorchFixtures.Directory, name + ".onnx"));

        GeneratorRun run = BuildStep.Run("/project/", [BuildStep.Converted("/project/model.onnx", model)], trainable, frozenSource);
        NetworkAssembly assembly = NetworkAssembly.Build(run);
        object imported = assembly.CreateObject("Imported");
        switch (imported)
        {
            case INetwork network:
                network.ImportOnnx(new MemoryStream(model));
                break;
            case ISingleNetwork network:
                network.ImportOnnx(new MemoryStream(model));
                break;
            default:
                throw new InvalidOperationException($"{imported.GetType()} is neither INetwork nor ISingleNetwork");
        }

        Assert.Equal(Answers(imported), Answers(assembly.CreateObject("Frozen")));
    }

    private static string Activations(string names) =>
        "new[] { " + string.Join(", ", names.Split(", ").Select(name => "Unrolled.Activation." + name)) + " }";

    // A few TrainBatch steps away from the random start, then the network as NetworkFile.SaveAsText writes it.
    private static string Train(object trained)
    {
        var random = new Random(11);
        switch (trained)
        {
            case INetwork network:
                network.Randomize(5);
                double[] inputs = [.. Enumerable.Range(0, 8 * network.InputCount).Select(_ => (random.NextDouble() * 4) - 2)];
                double[] targets = [.. Enumerable.Range(0, 8 * network.OutputCount).Select(i => i % network.OutputCount == (i / network.OutputCount) % network.OutputCount ? 1.0 : 0.0)];
                for (int step = 0; step < 30; step++)
                {
                    network.TrainBatch(inputs, targets, 0.05);
                }

                return SavedNetworks.Text(network);
            case ISingleNetwork network:
                network.Randomize(5);
                float[] singleInputs = [.. Enumerable.Range(0, 8 * network.InputCount).Select(_ => (float)((random.NextDouble() * 4) - 2))];
                float[] singleTargets = [.. Enumerable.Range(0, 8 * network.OutputCount).Select(i => i % network.OutputCount == (i / network.OutputCount) % network.OutputCount ? 1f : 0f)];
                for (int step = 0; step < 30; step++)
                {
                    network.TrainBatch(singleInputs, singleTargets, 0.05f);
                }

                return SavedNetworks.Text(path => NetworkFile.SaveAsText(network, path));
            default:
                throw new InvalidOperationException($"{trained.GetType()} is neither INetwork nor ISingleNetwork");
        }
    }

    // Everything a caller can learn through the interface, as bits: the shape, the parameters, and
    // Predict and PredictBatch on random rows that reach both sides of every activation's bend.
    private static List<long> Answers(object network) => network switch
    {
        IPredictor predictor => Answers<double>(predictor.InputCount, predictor.OutputCount, predictor.ParameterCount, predictor.LayerSizes.ToArray(),
            parameters => predictor.CopyParametersTo(parameters), (inputs, outputs) => predictor.PredictBatch(inputs, outputs),
            (input, output) => predictor.Predict(input, output), BitConverter.DoubleToInt64Bits),
        ISinglePredictor predictor => Answers<float>(predictor.InputCount, predictor.OutputCount, predictor.ParameterCount, predictor.LayerSizes.ToArray(),
            parameters => predictor.CopyParametersTo(parameters), (inputs, outputs) => predictor.PredictBatch(inputs, outputs),
            (input, output) => predictor.Predict(input, output), value => BitConverter.SingleToInt32Bits(value)),
        _ => throw new InvalidOperationException($"{network.GetType()} is neither IPredictor nor ISinglePredictor"),
    };

    private static List<long> Answers<T>(int inputCount, int outputCount, int parameterCount, int[] layerSizes, Action<T[]> copyParameters,
        Action<T[], T[]> predictBatch, Action<T[], T[]> predict, Func<T, long> bits)
        where T : struct
    {
        var random = new Random(3);
        const int Rows = 50;
        T[] inputs = [.. Enumerable.Range(0, Rows * inputCount).Select(_ => (T)Convert.ChangeType((random.NextDouble() * 6) - 3, typeof(T), System.Globalization.CultureInfo.InvariantCulture))];
        T[] outputs = new T[Rows * outputCount];
        T[] parameters = new T[parameterCount];
        copyParameters(parameters);
        predictBatch(inputs, outputs);
        List<long> answers = [inputCount, outputCount, parameterCount, .. layerSizes, .. parameters.Select(bits), .. outputs.Select(bits)];
        T[] output = new T[outputCount];
        for (int row = 0; row < Rows; row++)
        {
            predict(inputs[(row * inputCount)..((row + 1) * inputCount)], output);
            answers.AddRange(output.Select(bits));
        }

        return answers;
    }
}
