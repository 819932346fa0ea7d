using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Recurrent;

/// <summary>
/// The straight-line recurrent layout (each cell written out gate by gate and unit by unit) against the plain-loop
/// <see cref="RecurrentReference"/>: Step over a stream, one TrainSequence and one TrainSequenceBatch step with each
/// optimizer, in double to 1e-12 and in float to float's precision; a save and load, an ONNX export and import, and
/// no allocation. The shapes are the brief's: GRU and LSTM, one cell of 4 units and two of 2.
/// </summary>
public sealed class RecurrentStraightLineTests
{
    private const int Steps = 50;
    private const double Tolerance = 1e-12;

    public static TheoryData<string, string> Shapes => new()
    {
        { "GRU", "1, 4, 1" },
        { "LSTM", "1, 4, 1" },
        { "GRU", "3, 2, 2, 1" },
        { "LSTM", "3, 2, 2, 1" },
    };

    public static TheoryData<string, string, string> ShapesAndOptimizers
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (string optimizer in new[] { "Sgd", "Momentum", "Adam" })
            {
                foreach ((string cell, string layers) in new[] { ("GRU", "1, 4, 1"), ("LSTM", "1, 4, 1"), ("GRU", "3, 2, 2, 1"), ("LSTM", "3, 2, 2, 1") })
                {
                    data.Add(cell, layers, optimizer);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Step_follows_the_reference_over_fifty_steps(string cell, string layers)
    {
        IRecurrentNetwork network = Build(cell, layers, "Sgd");
        network.Randomize(21);
        RecurrentReference reference = Reference(cell, layers, Parameters(network));
        var random = new Random(3);
        double[] output = new double[network.OutputCount];
        for (int t = 0; t < Steps; t++)
        {
            double[] input = Draw(random, network.InputCount, -2, 2);
            network.Step(input, output);
            double[] expected = reference.Step(input);
            for (int k = 0; k < expected.Length; k++)
            {
                Assert.True(Math.Abs(expected[k] - output[k]) <= Tolerance, $"{cell} {layers} step {t} output {k}: {output[k]:R}, reference {expected[k]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_float_network_steps_like_the_reference(string cell, string layers)
    {
        var network = (ISingleRecurrentNetwork)NetworkAssembly.Build(Source(cell, layers, "Sgd", ", Precision = Precision.Single")).CreateObject("Demo.Net");
        network.Randomize(21);
        float[] parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        RecurrentReference reference = Reference(cell, layers, [.. parameters.Select(p => (double)p)]);
        var random = new Random(3);
        float[] output = new float[network.OutputCount];
        for (int t = 0; t < Steps; t++)
        {
            float[] input = [.. Draw(random, network.InputCount, -2, 2).Select(v => (float)v)];
            network.Step(input, output);
            double[] expected = reference.Step([.. input.Select(v => (double)v)]);
            for (int k = 0; k < expected.Length; k++)
            {
                Assert.True(Math.Abs(expected[k] - output[k]) <= 1e-5, $"{cell} {layers} step {t} output {k}: {output[k]:R}, reference {expected[k]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ShapesAndOptimizers))]
    public void TrainSequence_takes_the_reference_gradient_step(string cell, string layers, string optimizer)
    {
        IRecurrentNetwork network = Build(cell, layers, optimizer);
        network.Randomize(5);
        double[] before = Parameters(network);
        var random = new Random(8);
        const int steps = 6;
        double[][] inputs = [.. Enumerable.Range(0, steps).Select(_ => Draw(random, network.InputCount, -1, 1))];
        double[][] targets = [.. Enumerable.Range(0, steps).Select(_ => Draw(random, network.OutputCount, 0, 1))];
        (double loss, double[] gradient) = Reference(cell, layers, before).SequenceGradient(inputs, targets);

        double trained = network.TrainSequence([.. inputs.SelectMany(row => row)], [.. targets.SelectMany(row => row)], 0.1);

        Assert.True(Math.Abs(loss - trained) <= Tolerance, $"loss {trained:R}, reference {loss:R}");
        AssertStep(optimizer, before, gradient, 0.1, Parameters(network));
    }

    [Theory]
    [MemberData(nameof(ShapesAndOptimizers))]
    public void TrainSequenceBatch_takes_the_reference_mean_gradient_step(string cell, string layers, string optimizer)
    {
        IRecurrentNetwork network = Build(cell, layers, optimizer);
        network.Randomize(6);
        double[] before = Parameters(network);
        var random = new Random(9);
        const int steps = 4, sequences = 3;
        double[][][] inputs = [.. Enumerable.Range(0, sequences).Select(_ => Enumerable.Range(0, steps).Select(_ => Draw(random, network.InputCount, -1, 1)).ToArray())];
        double[][][] targets = [.. Enumerable.Range(0, sequences).Select(_ => Enumerable.Range(0, steps).Select(_ => Draw(random, network.OutputCount, 0, 1)).ToArray())];
        (double loss, double[] gradient) = Reference(cell, layers, before).BatchGradient(inputs, targets);

        double trained = network.TrainSequenceBatch([.. inputs.SelectMany(s => s).SelectMany(row => row)], [.. targets.SelectMany(s => s).SelectMany(row => row)], steps, 0.1);

        Assert.True(Math.Abs(loss - trained) <= Tolerance, $"loss {trained:R}, reference {loss:R}");
        AssertStep(optimizer, before, gradient, 0.1, Parameters(network));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Save_and_Load_restore_a_network_that_steps_bit_for_bit_alike(string cell, string layers)
    {
        NetworkAssembly assembly = NetworkAssembly.Build(Source(cell, layers, "Adam", string.Empty));
        var saved = (IRecurrentNetwork)assembly.CreateObject("Demo.Net");
        var loaded = (IRecurrentNetwork)assembly.CreateObject("Demo.Net");
        saved.Randomize(3);
        loaded.Randomize(4);
        double[] inputs = Draw(new Random(5), 8 * saved.InputCount, -1, 1);
        double[] targets = Draw(new Random(6), 8 * saved.OutputCount, 0, 1);
        saved.TrainSequence(inputs, targets, 0.01);

        using var stream = new MemoryStream();
        saved.Save(stream);
        stream.Position = 0;
        loaded.Load(stream);

        Assert.Equal(Parameters(saved), Parameters(loaded));
        Assert.Equal(saved.TrainSequence(inputs, targets, 0.01), loaded.TrainSequence(inputs, targets, 0.01));
        AssertSameStream(saved, loaded, inputs);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ExportOnnx_then_ImportOnnx_restores_the_parameters(string cell, string layers)
    {
        NetworkAssembly assembly = NetworkAssembly.Build(Source(cell, layers, "Sgd", string.Empty));
        var exported = (IRecurrentNetwork)assembly.CreateObject("Demo.Net");
        var imported = (IRecurrentNetwork)assembly.CreateObject("Demo.Net");
        exported.Randomize(7);
        imported.Randomize(8);

        using var stream = new MemoryStream();
        Invoke(exported, "ExportOnnx", stream);
        stream.Position = 0;
        Invoke(imported, "ImportOnnx", stream);

        Assert.Equal(Parameters(exported), Parameters(imported));
        AssertSameStream(exported, imported, Draw(new Random(9), 8 * exported.InputCount, -1, 1));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Step_TrainSequence_and_TrainSequenceBatch_allocate_nothing(string cell, string layers)
    {
        IRecurrentNetwork network = Build(cell, layers, "Adam");
        network.Randomize(1);
        double[] inputs = Draw(new Random(1), 12 * network.InputCount, -1, 1);
        double[] targets = Draw(new Random(2), 12 * network.OutputCount, 0, 1);
        double[] output = new double[network.OutputCount];

        Assert.Equal(0, Allocations.Measure(() => network.Step(inputs.AsSpan(0, network.InputCount), output)));
        Assert.Equal(0, Allocations.Measure(() => network.TrainSequence(inputs, targets, 0.01)));
        Assert.Equal(0, Allocations.Measure(() => network.TrainSequenceBatch(inputs, targets, 4, 0.01)));
    }

    internal static string Source(string cell, string layers, string optimizer, string more) => $$"""
        using Unrolled;
        namespace Demo;
        [Network({{layers}}, Cell = Cell.{{cell}}, Optimizer = Optimizer.{{optimizer}}{{more}})]
        public partial class Net { }
        """;

    private static IRecurrentNetwork Build(string cell, string layers, string optimizer) =>
        (IRecurrentNetwork)NetworkAssembly.Build(Source(cell, layers, optimizer, string.Empty)).CreateObject("Demo.Net");

    private static RecurrentReference Reference(string cell, string layers, double[] parameters) =>
        new(Enum.Parse<ReferenceCell>(cell), [.. layers.Split(',').Select(size => int.Parse(size.Trim(), System.Globalization.CultureInfo.InvariantCulture))],
            "Sigmoid", Loss.SquaredError, parameters);

    // The first step from fresh optimizer state: plain SGD and momentum (v = g) move w by -rate * g; Adam, whose
    // bias-corrected moments are then g and g^2, by -rate * g / (|g| + Epsilon).
    private static void AssertStep(string optimizer, double[] before, double[] gradient, double rate, double[] after)
    {
        for (int p = 0; p < before.Length; p++)
        {
            double g = gradient[p];
            double expected = optimizer switch
            {
                "Sgd" or "Momentum" => before[p] - (rate * g),
                "Adam" => before[p] - (rate * g / (Math.Abs(g) + 1e-8)),
                _ => throw new ArgumentOutOfRangeException(nameof(optimizer), optimizer, "No expected step for this optimizer."),
            };
            Assert.True(Math.Abs(expected - after[p]) <= Tolerance, $"{optimizer} parameter {p}: {after[p]:R}, expected {expected:R} (gradient {g:R})");
        }
    }

    private static void AssertSameStream(IRecurrentNetwork expected, IRecurrentNetwork actual, double[] inputs)
    {
        expected.ResetState();
        actual.ResetState();
        double[] a = new double[expected.OutputCount];
        double[] b = new double[expected.OutputCount];
        for (int t = 0; t < inputs.Length / expected.InputCount; t++)
        {
            expected.Step(inputs.AsSpan(t * expected.InputCount, expected.InputCount), a);
            actual.Step(inputs.AsSpan(t * expected.InputCount, expected.InputCount), b);
            Assert.Equal(a, b);
        }
    }

    private static void Invoke(object network, string method, Stream stream) =>
        network.GetType().GetMethod(method, [typeof(Stream)])!.Invoke(network, [stream]);

    private static double[] Parameters(IRecurrentNetwork network)
    {
        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }

    private static double[] Draw(Random random, int count, double low, double high) =>
        [.. Enumerable.Range(0, count).Select(_ => low + (random.NextDouble() * (high - low)))];
}
