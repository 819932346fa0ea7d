using Microsoft.CodeAnalysis;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// Optimizer.Rprop (iRPROP−): the generated step against the plain reference's, in the straight-line
/// layout (class and struct) and the blocked one, double and float, Train and TrainBatch; the overflow
/// guard; the state through Save and Load; and the generated text (no Adam left, the rule in comments).
/// </summary>
public sealed class RpropTests
{
    // Straight-line (3-5-2: 32 parameters) as a class and as a struct, and blocked (17-15-13-3: 520).
    private const string Networks = """
        using Unrolled;
        namespace Rprop;
        [Network(3, 5, 2, Hidden = Activation.Tanh, Optimizer = Optimizer.Rprop)] public partial class Line;
        [Network(3, 5, 2, Hidden = Activation.Tanh, Optimizer = Optimizer.Rprop)] public partial struct LineStruct;
        [Network(17, 15, 13, 3, Hidden = Activation.Tanh, Optimizer = Optimizer.Rprop)] public partial class Blocked;
        [Network(3, 5, 2, Hidden = Activation.Tanh, Optimizer = Optimizer.Rprop, Precision = Precision.Single)] public partial class LineSingle;
        [Network(17, 15, 13, 3, Hidden = Activation.Tanh, Optimizer = Optimizer.Rprop, Precision = Precision.Single)] public partial class BlockedSingle;
        """;

    private static readonly Lazy<NetworkAssembly> s_assembly = new(() => NetworkAssembly.Build(Networks));

    public static TheoryData<string, bool> DoubleNetworks() => new()
    {
        { "Line", false }, { "Line", true }, { "LineStruct", false }, { "LineStruct", true }, { "Blocked", false }, { "Blocked", true },
    };

    public static TheoryData<string, bool> SingleNetworks() => new()
    {
        { "LineSingle", false }, { "LineSingle", true }, { "BlockedSingle", false }, { "BlockedSingle", true },
    };

    [Fact]
    public void The_reference_step_follows_the_rule_by_hand()
    {
        double w = 1, step = 0, previous = 0;
        ReferenceNetwork.RpropStep(ref w, ref step, ref previous, 0.3, 0.1); // first step: learningRate, against g
        Assert.Equal((0.9, 0.1, 0.3), (w, step, previous));
        ReferenceNetwork.RpropStep(ref w, ref step, ref previous, 0.2, 0.1); // same sign: grows by 1.2
        Assert.Equal((0.9 - (0.1 * 1.2), 0.1 * 1.2, 0.2), (w, step, previous));
        double before = w;
        ReferenceNetwork.RpropStep(ref w, ref step, ref previous, -0.5, 0.1); // sign change: halves, no move, forgets g
        Assert.Equal((before, 0.1 * 1.2 * 0.5, 0.0), (w, step, previous));
        ReferenceNetwork.RpropStep(ref w, ref step, ref previous, -0.5, 0.1); // after the change: same size, moves up
        Assert.Equal((before + (0.1 * 1.2 * 0.5), 0.1 * 1.2 * 0.5, -0.5), (w, step, previous));
        ReferenceNetwork.RpropStep(ref w, ref step, ref previous, 0.0, 0.1); // a zero gradient: no move
        Assert.Equal(before + (0.1 * 1.2 * 0.5), w);

        double big = 0, bigStep = 45, bigPrevious = 1;
        ReferenceNetwork.RpropStep(ref big, ref bigStep, ref bigPrevious, 1, 0.1); // 54 is capped at FANN's 50
        Assert.Equal((-50.0, 50.0), (big, bigStep));
    }

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void Double_networks_step_like_the_reference(string name, bool batch)
    {
        INetwork network = s_assembly.Value.Create("Rprop." + name);
        int[] layers = network.InputCount == 3 ? [3, 5, 2] : [17, 15, 13, 3];
        var reference = new ReferenceNetwork(layers, new ReferenceOptions(Hidden: Activation.Tanh, Optimizer: Optimizer.Rprop));
        network.Randomize(11);
        reference.SetParameters(NetworkParameters.Of(network));
        (double[] inputs, double[] targets) = Data(network.InputCount, network.OutputCount, rows: 5);
        for (int step = 0; step < 60; step++)
        {
            int row = step % 5;
            (double expected, double actual) = batch
                ? (reference.TrainBatch(inputs, targets, 0.05), network.TrainBatch(inputs, targets, 0.05))
                : (reference.Train(Row(inputs, row, network.InputCount), Row(targets, row, network.OutputCount), 0.05),
                   network.Train(Row(inputs, row, network.InputCount), Row(targets, row, network.OutputCount), 0.05));
            Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{name} step {step}: loss {expected:R} against {actual:R}");
        }

        double[] expectedParameters = reference.GetParameters();
        double[] actualParameters = NetworkParameters.Of(network);
        for (int p = 0; p < expectedParameters.Length; p++)
        {
            Assert.True(Math.Abs(expectedParameters[p] - actualParameters[p]) <= 1e-12 * Math.Max(1, Math.Abs(expectedParameters[p])),
                $"{name}{(batch ? " batch" : string.Empty)}: parameter {p}: reference {expectedParameters[p]:R}, generated {actualParameters[p]:R}");
        }

        // Some parameter's sign changed on the way, or the rule's third branch went untested.
        Assert.Contains(0.0, StepState(network).PreviousGradients);
    }

    [Theory]
    [MemberData(nameof(SingleNetworks))]
    public void Float_networks_step_like_the_reference_at_float_tolerance(string name, bool batch)
    {
        var network = (ISingleNetwork)s_assembly.Value.CreateObject("Rprop." + name);
        int[] layers = network.InputCount == 3 ? [3, 5, 2] : [17, 15, 13, 3];
        var reference = new ReferenceNetwork(layers, new ReferenceOptions(Hidden: Activation.Tanh, Optimizer: Optimizer.Rprop));
        network.Randomize(11);
        float[] start = new float[network.ParameterCount];
        network.CopyParametersTo(start);
        reference.SetParameters([.. start.Select(v => (double)v)]);
        (double[] inputs, double[] targets) = Data(network.InputCount, network.OutputCount, rows: 5);
        float[] singleInputs = [.. inputs.Select(v => (float)v)];
        float[] singleTargets = [.. targets.Select(v => (float)v)];

        // Few steps: a float gradient near 0 may take the other sign than the double one, and then the two part ways.
        for (int step = 0; step < 8; step++)
        {
            int row = step % 5;
            if (batch)
            {
                reference.TrainBatch(inputs, targets, 0.05);
                network.TrainBatch(singleInputs, singleTargets, 0.05f);
            }
            else
            {
                reference.Train(Row(inputs, row, network.InputCount), Row(targets, row, network.OutputCount), 0.05);
                network.Train(singleInputs.AsSpan(row * network.InputCount, network.InputCount), singleTargets.AsSpan(row * network.OutputCount, network.OutputCount), 0.05f);
            }
        }

        double[] expected = reference.GetParameters();
        float[] actual = new float[network.ParameterCount];
        network.CopyParametersTo(actual);
        for (int p = 0; p < expected.Length; p++)
        {
            Assert.True(Math.Abs(expected[p] - actual[p]) <= 1e-4, $"{name}{(batch ? " batch" : string.Empty)}: parameter {p}: reference {expected[p]:R}, generated {actual[p]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void A_huge_target_changes_nothing(string name, bool batch)
    {
        INetwork network = s_assembly.Value.Create("Rprop." + name);
        network.Randomize(3);
        (double[] inputs, double[] targets) = Data(network.InputCount, network.OutputCount, rows: 3);
        TrainOnce(network, inputs, targets, batch, 0.05);
        byte[] before = NetworkState.Bytes(network.Save);

        // A target of 1e308 makes the loss 0.5 * (o - 1e308)^2 overflow, and the output deltas with it.
        targets[0] = 1e308;
        double result = TrainOnce(network, inputs, targets, batch, 0.05);

        Assert.False(double.IsFinite(result), $"{name}: returned {result:R}");
        Assert.Equal(before, NetworkState.Bytes(network.Save));
    }

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void The_largest_learning_rate_is_taken_while_finite_and_refused_once_not(string name, bool batch)
    {
        // A first step size of double.MaxValue moves every parameter with a gradient to about -+1.8e308,
        // still finite; the next steps overflow somewhere or not (a saturated tanh hides it), and each
        // must either leave every number finite or change nothing.
        INetwork network = s_assembly.Value.Create("Rprop." + name);
        network.Randomize(4);
        (double[] inputs, double[] targets) = Data(network.InputCount, network.OutputCount, rows: 3);
        for (int step = 0; step < 4; step++)
        {
            byte[] before = NetworkState.Bytes(network.Save);
            double result = TrainOnce(network, inputs, targets, batch, double.MaxValue);
            byte[] after = NetworkState.Bytes(network.Save);
            if (double.IsFinite(result))
            {
                Assert.All(NetworkState.Numbers(after, Description(network)), v => Assert.True(double.IsFinite(v), $"{name} step {step}: {v:R} saved"));
            }
            else
            {
                Assert.Equal(before, after);
            }
        }
    }

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void Save_and_Load_carry_the_step_sizes_and_last_gradients(string name, bool batch)
    {
        INetwork saved = s_assembly.Value.Create("Rprop." + name);
        INetwork loaded = s_assembly.Value.Create("Rprop." + name);
        int[] layers = saved.InputCount == 3 ? [3, 5, 2] : [17, 15, 13, 3];
        var reference = new ReferenceNetwork(layers, new ReferenceOptions(Hidden: Activation.Tanh, Optimizer: Optimizer.Rprop));
        saved.Randomize(8);
        reference.SetParameters(NetworkParameters.Of(saved));
        (double[] inputs, double[] targets) = Data(saved.InputCount, saved.OutputCount, rows: 4);
        for (int step = 0; step < 5; step++)
        {
            TrainOnce(saved, inputs, targets, batch, 0.1);
            _ = batch ? reference.TrainBatch(inputs, targets, 0.1) : reference.Train(Row(inputs, 0, saved.InputCount), Row(targets, 0, saved.OutputCount), 0.1);
        }

        using var stream = new MemoryStream();
        saved.Save(stream);
        stream.Position = 0;
        loaded.Load(stream);

        // The file holds every step size, then every last gradient, in parameter order: the reference's.
        (double[] steps, double[] previous) = StepState(saved);
        (double[] expectedSteps, double[] expectedPrevious) = reference.RpropState();
        Assert.Equal(expectedSteps.Length, steps.Length);
        for (int p = 0; p < steps.Length; p++)
        {
            Assert.True(Math.Abs(expectedSteps[p] - steps[p]) <= 1e-12, $"{name}: step size {p}: {expectedSteps[p]:R} against {steps[p]:R}");
            Assert.True(Math.Abs(expectedPrevious[p] - previous[p]) <= 1e-12, $"{name}: last gradient {p}: {expectedPrevious[p]:R} against {previous[p]:R}");
        }

        // Training on gives the same numbers only if the state came along.
        for (int step = 0; step < 4; step++)
        {
            Assert.Equal(TrainOnce(saved, inputs, targets, batch, 0.1), TrainOnce(loaded, inputs, targets, batch, 0.1));
        }

        Assert.Equal(NetworkState.Bytes(saved.Save), NetworkState.Bytes(loaded.Save));
    }

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void Randomize_starts_every_step_size_at_the_learning_rate_again(string name, bool batch)
    {
        INetwork network = s_assembly.Value.Create("Rprop." + name);
        (double[] inputs, double[] targets) = Data(network.InputCount, network.OutputCount, rows: 2);
        network.Randomize(1);
        for (int step = 0; step < 3; step++)
        {
            TrainOnce(network, inputs, targets, batch, 0.2);
        }

        network.Randomize(1);
        Assert.All(StepState(network).StepSizes, s => Assert.Equal(0.0, s));
        TrainOnce(network, inputs, targets, batch, 0.01);
        Assert.All(StepState(network).StepSizes, s => Assert.Equal(0.01, s));
    }

    [Fact]
    public void The_generated_text_states_the_rule_and_no_other_optimizer()
    {
        GeneratorRun run = GeneratorHarness.Run(Networks);
        foreach (GeneratedSourceResult lesson in run.Lessons)
        {
            string text = run.NetworkText(lesson.HintName);
            Assert.DoesNotContain("Beta1", text, StringComparison.Ordinal);
            Assert.DoesNotContain("secondMomentScale", text, StringComparison.Ordinal);
            Assert.Contains("update:        iRPROP- (Increase = 1.2", text, StringComparison.Ordinal);
            Assert.Contains("The first step size", text, StringComparison.Ordinal);
            foreach (string step in Unrolled.Generator.Emit.Shared.RpropCode.Instance.Steps)
            {
                Assert.Contains("//     " + step, text, StringComparison.Ordinal);
            }

            // The blocked lesson's machinery lines are still wider (issue 21, item 5): the straight-line ones are checked.
            if (lesson.HintName.Contains("Blocked", StringComparison.Ordinal))
            {
                continue;
            }

            string lessonText = lesson.SourceText.ToString();
            Assert.All(lessonText.Split('\n'), line => Assert.True(line.Length <= 120, $"{lesson.HintName}: {line.Length} characters: {line}"));
        }
    }

    [Fact]
    public void An_option_Rprop_does_not_read_is_reported()
    {
        GeneratorRun run = GeneratorHarness.Run("using Unrolled; [Network(2, 4, 1, Optimizer = Optimizer.Rprop, Momentum = 0.5)] public partial class Net;");
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "UNR023");
    }

    private static double TrainOnce(INetwork network, double[] inputs, double[] targets, bool batch, double rate) =>
        batch ? network.TrainBatch(inputs, targets, rate) : network.Train(Row(inputs, 0, network.InputCount), Row(targets, 0, network.OutputCount), rate);

    private static ReadOnlySpan<double> Row(double[] values, int row, int width) => values.AsSpan(row * width, width);

    private static (double[] Inputs, double[] Targets) Data(int inputCount, int outputCount, int rows)
    {
        var random = new Random(inputCount * 31 + rows);
        double[] inputs = [.. Enumerable.Range(0, rows * inputCount).Select(_ => (random.NextDouble() * 2) - 1)];
        double[] targets = [.. Enumerable.Range(0, rows * outputCount).Select(_ => random.NextDouble())];
        return (inputs, targets);
    }

    private static NetworkDescription Description(INetwork network) =>
        new(network.InputCount == 3 ? [3, 5, 2] : [17, 15, 13, 3], Activation.Tanh, Activation.Sigmoid, Loss.SquaredError, Optimizer.Rprop, Precision.Double);

    // The optimizer's state as Save writes it: every step size, then every last gradient.
    private static (double[] StepSizes, double[] PreviousGradients) StepState(INetwork network)
    {
        double[] numbers = NetworkState.Numbers(NetworkState.Bytes(network.Save), Description(network));
        int count = network.ParameterCount;
        return (numbers[count..(2 * count)], numbers[(2 * count)..]);
    }
}
