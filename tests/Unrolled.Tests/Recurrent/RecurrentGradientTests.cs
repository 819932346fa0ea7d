using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Recurrent;

/// <summary>
/// Backpropagation through time against calculus: one TrainSequence (or TrainSequenceBatch) step of plain SGD at
/// learning rate 1 moves every parameter by minus its gradient, which must equal the central finite difference
/// of the sequence loss that TrainSequence returns, for GRU and LSTM cells, one and two layers, every output
/// activation and loss.
/// </summary>
public sealed class RecurrentGradientTests
{
    private const double Step = 1e-5;
    private const double MaxRelativeError = 1e-6;
    private const double RelativeFloor = 1e-4;

    public static TheoryData<string, string> Networks => new()
    {
        { "Cell = Cell.GRU", "3, 5, 2" },
        { "Cell = Cell.LSTM", "3, 5, 2" },
        { "Cell = Cell.GRU", "2, 4, 3, 2" },
        { "Cell = Cell.LSTM", "2, 4, 3, 2" },
        { "Cell = Cell.GRU, Output = Activation.Linear", "1, 6, 1" },
        { "Cell = Cell.LSTM, Output = Activation.Tanh", "1, 6, 1" },
        { "Cell = Cell.GRU, Output = Activation.Softmax, Loss = Loss.CrossEntropy", "2, 4, 3" },
        { "Cell = Cell.LSTM, Output = Activation.Sigmoid, Loss = Loss.CrossEntropy", "2, 4, 3" },
        { "Cell = Cell.GRU, Output = Activation.GELU", "2, 3, 2" },
        // The rows above are all straight-line (NetworkLimits.LayoutFor); these are over 256 parameters, blocked.
        { "Cell = Cell.GRU", "3, 9, 2" },
        { "Cell = Cell.LSTM", "2, 8, 3, 2" },
        { "Cell = Cell.GRU, Output = Activation.Softmax, Loss = Loss.CrossEntropy", "2, 9, 3" },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void TrainSequence_moves_every_parameter_by_its_gradient(string options, string layers)
    {
        IRecurrentNetwork network = Build(options, layers);
        var random = new Random(7);
        double[] parameters = Shifted(network, random);
        int steps = 5;
        double[] inputs = Draw(random, steps * network.InputCount, -1, 1);
        double[] targets = Draw(random, steps * network.OutputCount, 0, 1);

        Check(network, parameters, n => n.TrainSequence(inputs, targets, 1.0), $"{options} {layers}");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void TrainSequenceBatch_moves_every_parameter_by_its_mean_gradient(string options, string layers)
    {
        IRecurrentNetwork network = Build(options, layers);
        var random = new Random(11);
        double[] parameters = Shifted(network, random);
        int steps = 4, sequences = 3;
        double[] inputs = Draw(random, sequences * steps * network.InputCount, -1, 1);
        double[] targets = Draw(random, sequences * steps * network.OutputCount, 0, 1);

        Check(network, parameters, n => n.TrainSequenceBatch(inputs, targets, steps, 1.0), $"{options} {layers}");
    }

    [Fact]
    public void TrainSequenceBatch_of_one_sequence_is_TrainSequence()
    {
        IRecurrentNetwork single = Build("Cell = Cell.GRU", "2, 4, 3, 1");
        IRecurrentNetwork batch = Build("Cell = Cell.GRU", "2, 4, 3, 1");
        single.Randomize(3);
        batch.Randomize(3);
        var random = new Random(5);
        double[] inputs = Draw(random, 12, -1, 1);
        double[] targets = Draw(random, 6, 0, 1);

        Assert.Equal(single.TrainSequence(inputs, targets, 0.5), batch.TrainSequenceBatch(inputs, targets, 6, 0.5));
        Assert.Equal(Parameters(single), Parameters(batch));
    }

    private static void Check(IRecurrentNetwork network, double[] parameters, Func<IRecurrentNetwork, double> train, string description)
    {
        network.SetParameters(parameters);
        train(network);
        double[] after = Parameters(network);
        for (int p = 0; p < parameters.Length; p++)
        {
            double backprop = parameters[p] - after[p];
            double numeric = (Loss(network, parameters, p, +Step, train) - Loss(network, parameters, p, -Step, train)) / (2 * Step);
            double relative = Math.Abs(backprop - numeric) / Math.Max(RelativeFloor, Math.Max(Math.Abs(backprop), Math.Abs(numeric)));
            Assert.True(relative < MaxRelativeError,
                $"{description}: parameter {p}: backprop {backprop:R}, finite difference {numeric:R}, relative error {relative:E2}");
        }
    }

    // The loss TrainSequence returns is the one before its step: set the shifted parameters, train, read it.
    private static double Loss(IRecurrentNetwork network, double[] parameters, int index, double delta, Func<IRecurrentNetwork, double> train)
    {
        double[] shifted = (double[])parameters.Clone();
        shifted[index] += delta;
        network.SetParameters(shifted);
        return train(network);
    }

    internal static IRecurrentNetwork Build(string options, string layers)
    {
        string source = $$"""
            using Unrolled;
            namespace Demo;
            [Network({{layers}}, {{options}})]
            public partial class Net { }
            """;
        return (IRecurrentNetwork)NetworkAssembly.Build(source).CreateObject("Demo.Net");
    }

    private static double[] Shifted(IRecurrentNetwork network, Random random)
    {
        network.Randomize(1);
        double[] parameters = Parameters(network);
        for (int p = 0; p < parameters.Length; p++)
        {
            parameters[p] += (random.NextDouble() - 0.5) * 0.5;
        }

        return parameters;
    }

    private static double[] Parameters(IRecurrentNetwork network)
    {
        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }

    // Soft targets too: a softmax's rows need not add up to 1 for the gradient to hold.
    private static double[] Draw(Random random, int count, double low, double high) =>
        [.. Enumerable.Range(0, count).Select(_ => low + (random.NextDouble() * (high - low)))];
}
