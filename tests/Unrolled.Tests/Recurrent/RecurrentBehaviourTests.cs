using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Recurrent;

/// <summary>
/// What Step, ResetState, TrainSequence and TrainSequenceBatch promise besides their gradients: Step computes what
/// training computes, the streaming state is its own, nothing is allocated, misuse throws, and a NaN or an
/// overflow leaves the network as it was.
/// </summary>
public sealed class RecurrentBehaviourTests
{
    public static TheoryData<string> Cells => new() { "Cell = Cell.GRU", "Cell = Cell.LSTM" };

    [Theory]
    [MemberData(nameof(Cells))]
    public void Stepping_a_sequence_gives_the_loss_TrainSequence_reports(string cell)
    {
        IRecurrentNetwork network = RecurrentGradientTests.Build(cell, "2, 5, 3, 2");
        network.Randomize(9);
        var random = new Random(2);
        const int steps = 7;
        double[] inputs = Draw(random, steps * 2);
        double[] targets = Draw(random, steps * 2);

        double squares = 0;
        double[] output = new double[2];
        for (int t = 0; t < steps; t++)
        {
            network.Step(inputs.AsSpan(t * 2, 2), output);
            squares += (0.5 * Math.Pow(output[0] - targets[t * 2], 2)) + (0.5 * Math.Pow(output[1] - targets[(t * 2) + 1], 2));
        }

        double trained = network.TrainSequence(inputs, targets, 0.1);
        Assert.Equal(squares / steps, trained, 1e-14);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void TrainSequence_leaves_the_streaming_state_as_it_was(string cell)
    {
        IRecurrentNetwork trained = RecurrentGradientTests.Build(cell, "1, 4, 1");
        IRecurrentNetwork reference = RecurrentGradientTests.Build(cell, "1, 4, 1");
        trained.Randomize(4);
        reference.Randomize(4);
        double[] output = new double[1];
        double[] expected = new double[1];
        trained.Step([0.5], output);
        reference.Step([0.5], expected);

        trained.TrainSequence([0.1, -0.2, 0.3], [0.2, 0.4, 0.6], 0.5);
        double[] parameters = new double[trained.ParameterCount];
        trained.CopyParametersTo(parameters);
        reference.SetParameters(parameters);

        trained.Step([0.25], output);
        reference.Step([0.25], expected);
        Assert.Equal(expected[0], output[0]);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void ResetState_starts_the_next_step_from_zero(string cell)
    {
        IRecurrentNetwork network = RecurrentGradientTests.Build(cell, "1, 4, 1");
        network.Randomize(5);
        double[] first = new double[1];
        double[] later = new double[1];
        network.Step([0.7], first);
        network.Step([0.7], later);
        Assert.NotEqual(first[0], later[0]);

        network.ResetState();
        network.Step([0.7], later);
        Assert.Equal(first[0], later[0]);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Step_TrainSequence_and_TrainSequenceBatch_allocate_nothing(string cell)
    {
        IRecurrentNetwork network = RecurrentGradientTests.Build(cell + ", Optimizer = Optimizer.Adam", "2, 8, 8, 1");
        network.Randomize(1);
        double[] inputs = Draw(new Random(1), 40);
        double[] targets = Draw(new Random(2), 20);
        double[] output = new double[1];

        Assert.Equal(0, Allocations.Measure(() => network.Step(inputs.AsSpan(0, 2), output)));
        Assert.Equal(0, Allocations.Measure(() => network.TrainSequence(inputs, targets, 0.01)));
        Assert.Equal(0, Allocations.Measure(() => network.TrainSequenceBatch(inputs, targets, 5, 0.01)));
    }

    [Fact]
    public void Misuse_throws_and_names_the_argument()
    {
        IRecurrentNetwork network = RecurrentGradientTests.Build("Cell = Cell.GRU", "2, 4, 1");
        double[] output = new double[1];
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => network.Step(new double[3], output)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => network.Step(new double[2], [])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => network.TrainSequence(new double[3], new double[1], 0.1)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => network.TrainSequence([], [], 0.1)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => network.TrainSequence(new double[4], new double[1], 0.1)).ParamName);
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainSequence(new double[4], new double[2], double.NaN)).ParamName);
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainSequence(new double[4], new double[2], 0)).ParamName);
        Assert.Equal("sequenceLength", Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainSequenceBatch(new double[4], new double[2], 0, 0.1)).ParamName);
        Assert.Equal("sequenceLength", Assert.Throws<ArgumentException>(() => network.TrainSequenceBatch(new double[6], new double[3], 2, 0.1)).ParamName);
    }

    [Theory]
    [InlineData("Cell = Cell.GRU", double.NaN, 0.5, 0.1)]
    [InlineData("Cell = Cell.LSTM", 0.5, double.PositiveInfinity, 0.1)]
    [InlineData("Cell = Cell.GRU, Optimizer = Optimizer.Adam", double.NaN, 0.5, 0.1)]
    [InlineData("Cell = Cell.LSTM, Output = Activation.Linear", 0.5, 1e300, 0.1)]
    public void A_non_finite_value_leaves_the_network_unchanged(string options, double input, double target, double learningRate)
    {
        IRecurrentNetwork network = RecurrentGradientTests.Build(options, "1, 4, 1");
        network.Randomize(3);
        double[] before = new double[network.ParameterCount];
        network.CopyParametersTo(before);

        double single = network.TrainSequence([0.1, input, 0.2], [0.3, target, 0.5], learningRate);
        double batch = network.TrainSequenceBatch([0.1, input, 0.2, 0.3], [0.3, target, 0.5, 0.1], 2, learningRate);

        Assert.False(double.IsFinite(single));
        Assert.False(double.IsFinite(batch));
        double[] after = new double[network.ParameterCount];
        network.CopyParametersTo(after);
        Assert.Equal(before, after);
    }

    [Fact]
    public void Float_networks_train_like_double_ones()
    {
        var single = (ISingleRecurrentNetwork)NetworkAssembly.Build("""
            using Unrolled;
            [Network(1, 6, 1, Cell = Cell.LSTM, Precision = Precision.Single)]
            public partial class Net { }
            """).CreateObject("Net");
        IRecurrentNetwork twin = RecurrentGradientTests.Build("Cell = Cell.LSTM", "1, 6, 1");
        single.Randomize(8);
        float[] parameters = new float[single.ParameterCount];
        single.CopyParametersTo(parameters);
        twin.SetParameters([.. parameters.Select(p => (double)p)]);

        float[] inputs = [0.5f, -0.25f, 0.125f, 1f];
        float[] targets = [0.25f, 0.5f, 0.75f, 0.5f];
        float loss = single.TrainSequence(inputs, targets, 0.5f);
        double expected = twin.TrainSequence([.. inputs.Select(v => (double)v)], [.. targets.Select(v => (double)v)], 0.5);
        Assert.Equal(expected, loss, 1e-6);

        double[] trained = new double[twin.ParameterCount];
        twin.CopyParametersTo(trained);
        single.CopyParametersTo(parameters);
        for (int p = 0; p < trained.Length; p++)
        {
            Assert.Equal(trained[p], parameters[p], 1e-6);
        }
    }

    private static double[] Draw(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 2) - 1)];
}
