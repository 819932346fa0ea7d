using System.Reflection;
using Microsoft.CodeAnalysis;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Recurrent;

/// <summary>
/// <c>[Network(..., Cell = Cell.GRU, Weights = "net.unrolled")]</c>: a trained recurrent network saved with
/// NetworkFile.SaveAsText, compiled in. The frozen network steps bit for bit as the trained one did, has no
/// training member, and a file of another kind or shape is an error at the Weights argument.
/// </summary>
public sealed class RecurrentFrozenTests
{
    private const int Steps = 50;

    public static TheoryData<string, string> Networks => new()
    {
        { "Cell = Cell.GRU", "1, 8, 1" },
        { "Cell = Cell.GRU", "3, 6, 5, 2" },
        { "Cell = Cell.LSTM", "1, 8, 1" },
        { "Cell = Cell.LSTM", "3, 6, 5, 2" },
        { "Cell = Cell.GRU", "1, 4, 1" }, // straight-line, trained and frozen
        { "Cell = Cell.LSTM", "3, 2, 2, 1" },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_frozen_double_network_steps_bit_for_bit_like_the_trained_one(string cell, string layers)
    {
        string options = $"{layers}, {cell}, Output = Activation.Linear, Optimizer = Optimizer.Adam";
        var trained = (IRecurrentNetwork)NetworkAssembly.Build(RecurrentPersistenceTests.Source("Net", options)).CreateObject("Demo.Net");
        trained.Randomize(11);
        var random = new Random(12);
        double[] inputs = RecurrentPersistenceTests.Draw(random, Steps * trained.InputCount);
        double[] targets = RecurrentPersistenceTests.Draw(random, Steps * trained.OutputCount);
        for (int step = 0; step < 5; step++)
        {
            trained.TrainSequence(inputs, targets, 0.01);
        }

        string text = SavedNetworks.Text(path => NetworkFile.SaveAsText(trained, path));
        var frozen = (IRecurrentPredictor)Compile(RecurrentPersistenceTests.Source("Frozen", $"{layers}, {cell}, Output = Activation.Linear, Weights = \"net.unrolled\""), text)
            .CreateObject("Demo.Frozen");
        Assert.IsNotAssignableFrom<IRecurrentNetwork>(frozen);
        Assert.Equal(trained.ParameterCount, frozen.ParameterCount);
        Assert.Equal(trained.LayerSizes.ToArray(), frozen.LayerSizes.ToArray());
        double[] parameters = new double[frozen.ParameterCount];
        frozen.CopyParametersTo(parameters);
        Assert.Equal(RecurrentPersistenceTests.Bits(trained), parameters.Select(BitConverter.DoubleToInt64Bits));

        trained.ResetState();
        double[] expected = new double[trained.OutputCount];
        double[] actual = new double[trained.OutputCount];
        for (int pass = 0; pass < 2; pass++)
        {
            for (int t = 0; t < Steps; t++)
            {
                ReadOnlySpan<double> input = inputs.AsSpan(t * trained.InputCount, trained.InputCount);
                trained.Step(input, expected);
                frozen.Step(input, actual);
                Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
            }

            // ResetState starts both over from the zero state.
            trained.ResetState();
            frozen.ResetState();
        }

        double[] one = inputs[..trained.InputCount];
        Assert.Equal(0, Allocations.Measure(() => frozen.Step(one, actual)));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_frozen_float_network_steps_bit_for_bit_like_the_trained_one(string cell, string layers)
    {
        string options = $"{layers}, {cell}, Precision = Precision.Single";
        var trained = (ISingleRecurrentNetwork)NetworkAssembly.Build(RecurrentPersistenceTests.Source("Net", options)).CreateObject("Demo.Net");
        trained.Randomize(21);
        var random = new Random(22);
        float[] inputs = [.. RecurrentPersistenceTests.Draw(random, Steps * trained.InputCount).Select(v => (float)v)];
        float[] targets = [.. RecurrentPersistenceTests.Draw(random, Steps * trained.OutputCount).Select(v => (float)v)];
        for (int step = 0; step < 5; step++)
        {
            trained.TrainSequence(inputs, targets, 0.1f);
        }

        string text = SavedNetworks.Text(path => NetworkFile.SaveAsText(trained, path));
        var frozen = (ISingleRecurrentPredictor)Compile(RecurrentPersistenceTests.Source("Frozen", $"{options}, Weights = \"net.unrolled\""), text).CreateObject("Demo.Frozen");
        Assert.IsNotAssignableFrom<ISingleRecurrentNetwork>(frozen);
        float[] parameters = new float[frozen.ParameterCount];
        frozen.CopyParametersTo(parameters);
        Assert.Equal(RecurrentPersistenceTests.Bits(trained), parameters.Select(BitConverter.SingleToInt32Bits));

        trained.ResetState();
        float[] expected = new float[trained.OutputCount];
        float[] actual = new float[trained.OutputCount];
        for (int t = 0; t < Steps; t++)
        {
            ReadOnlySpan<float> input = inputs.AsSpan(t * trained.InputCount, trained.InputCount);
            trained.Step(input, expected);
            frozen.Step(input, actual);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void A_frozen_network_has_no_training_member()
    {
        var trained = (IRecurrentNetwork)NetworkAssembly.Build(RecurrentPersistenceTests.Source("Net", "1, 4, 1, Cell = Cell.GRU")).CreateObject("Demo.Net");
        trained.Randomize(1);
        string text = SavedNetworks.Text(path => NetworkFile.SaveAsText(trained, path));
        Type frozen = Compile(RecurrentPersistenceTests.Source("Frozen", "1, 4, 1, Cell = Cell.GRU, Weights = \"net.unrolled\""), text).CreateObject("Demo.Frozen").GetType();

        string[] members = [.. frozen.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(m => m.Name)];
        Assert.Contains("Step", members);
        Assert.Contains("ResetState", members);
        Assert.Contains("CopyParametersTo", members);
        foreach (string training in new[] { "TrainSequence", "TrainSequenceBatch", "Randomize", "SetParameters", "Save", "Load", "StepAlongGradient", "_gradients", "_trace", "_spare" })
        {
            Assert.DoesNotContain(training, members);
        }

        // The parameters are one static array, shared by every instance; Step's state is each instance's own.
        Assert.True(frozen.GetField("_parameters", BindingFlags.NonPublic | BindingFlags.Static)!.IsInitOnly);
        Assert.NotNull(frozen.GetField("_state", BindingFlags.NonPublic | BindingFlags.Instance));
    }

    [Theory]
    [InlineData("1, 4, 1", "1, 4, 1, Cell = Unrolled.Cell.GRU",
        "it holds a 1-4-1 (Sigmoid hidden, Sigmoid output, Double) network, but the attribute declares a 1-4-1 (GRU cells, Sigmoid output, Double) network; " +
        "declare it as the network that was saved: no Cell (remove Cell = Cell.GRU) and Hidden = Activation.Sigmoid")]
    [InlineData("1, 4, 1, Cell = Cell.GRU", "1, 4, 1, Cell = Unrolled.Cell.LSTM",
        "it holds a 1-4-1 (GRU cells, Sigmoid output, Double) network, but the attribute declares a 1-4-1 (LSTM cells, Sigmoid output, Double) network; " +
        "declare it as the network that was saved: Cell = Cell.GRU")]
    [InlineData("1, 4, 1, Cell = Cell.GRU", "1, 4, 1, Hidden = Unrolled.Activation.ReLU",
        "it holds a 1-4-1 (GRU cells, Sigmoid output, Double) network, but the attribute declares a 1-4-1 (ReLU hidden, Sigmoid output, Double) network; " +
        "declare it as the network that was saved: Cell = Cell.GRU; remove Hidden: a cell computes its own gates")]
    [InlineData("1, 4, 1, Cell = Cell.LSTM, Output = Activation.Linear", "2, 5, 1, Cell = Unrolled.Cell.LSTM",
        "it holds a 1-4-1 (LSTM cells, Linear output, Double) network, but the attribute declares a 2-5-1 (LSTM cells, Sigmoid output, Double) network; " +
        "declare it as the network that was saved: the layers 1, 4, 1 and Output = Activation.Linear")]
    public void UNR021_a_file_of_another_cell_kind_or_shape_is_refused_at_Weights(string saved, string declared, string problem)
    {
        object network = NetworkAssembly.Build(RecurrentPersistenceTests.Source("Net", saved)).CreateObject("Demo.Net");
        network.GetType().GetMethod("Randomize")!.Invoke(network, [1ul]);
        byte[] file = RecurrentPersistenceTests.Saved(stream => network.GetType().GetMethod("Save")!.Invoke(network, [stream]));
        Markup markup = Markup.Parse($"[Unrolled.Network({declared}, Weights = [|\"net.unrolled\"|])] public partial class Frozen;");
        GeneratorRun run = GeneratorHarness.Run([new InMemoryAdditionalText("/project/net.unrolled", Convert.ToBase64String(file))], markup.Source);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("UNR021", diagnostic.Id);
        Assert.Equal(markup.Spans.Single(), diagnostic.Location.SourceSpan);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("The frozen network 'Frozen' cannot use the weights in '", message, StringComparison.Ordinal);
        Assert.EndsWith("net.unrolled': " + problem, message, StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    private static NetworkAssembly Compile(string source, string text) =>
        NetworkAssembly.Build(GeneratorHarness.Run([new InMemoryAdditionalText("/project/net.unrolled", text)], source));
}
