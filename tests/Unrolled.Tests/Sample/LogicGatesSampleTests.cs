using LogicGates;

namespace Unrolled.Tests.Sample;

/// <summary>Runs the sample's own training code: every function must be learned, both ways, deterministically.</summary>
public sealed class LogicGatesSampleTests
{
    private const ulong DefaultSeed = 1;

    public static TheoryData<int> Functions() => [.. Enumerable.Range(0, LogicFunction.All.Length)];

    [Theory]
    [MemberData(nameof(Functions))]
    public void Each_function_is_learned_by_its_own_2_4_1_network(int index)
    {
        TrainingResult result = GateTrainer.TrainOne(LogicFunction.All[index], GateTrainer.SeedFor(DefaultSeed, index));
        Assert.True(result.Learned, $"{result.Name} not learned after {result.Epochs} epochs: {string.Join(", ", result.Outputs)}");
        for (int row = 0; row < 4; row++)
        {
            Assert.Equal(result.Targets[row], Math.Round(result.Outputs[row]));
        }
    }

    [Fact]
    public void All_five_are_learned_at_once_by_one_2_4_5_network()
    {
        TrainingResult[] results = GateTrainer.TrainAllAtOnce(DefaultSeed);
        Assert.Equal(["AND", "OR", "NAND", "NOR", "XOR"], results.Select(r => r.Name));
        Assert.All(results, r => Assert.True(r.Learned, $"{r.Name}: {string.Join(", ", r.Outputs)}"));
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        TrainingResult first = GateTrainer.TrainOne(LogicFunction.All[4], 12345);
        TrainingResult second = GateTrainer.TrainOne(LogicFunction.All[4], 12345);
        Assert.Equal(first.Epochs, second.Epochs);
        Assert.Equal(first.Outputs, second.Outputs);
    }

    [Fact]
    public void An_untrainable_budget_is_reported_as_not_learned()
    {
        TrainingResult result = GateTrainer.TrainOne(LogicFunction.All[4], DefaultSeed, maxEpochs: 1);
        Assert.False(result.Learned);
    }
}

/// <summary>The sample's second part: the options earn their keep on a problem the gates are too small for.</summary>
public sealed class SpiralSampleTests
{
    [Fact]
    public void Tanh_softmax_cross_entropy_and_Adam_beat_the_defaults_on_two_spirals()
    {
        SpiralResult[] results = SpiralTrainer.TrainBoth(seed: 1);
        SpiralResult options = results[0];
        SpiralResult defaults = results[1];
        Assert.True(options.TestAccuracy >= 0.85, $"{options.Name}: {options.TestAccuracy:P1}");
        Assert.True(options.TestAccuracy > defaults.TestAccuracy + 0.05, $"{options.Name} {options.TestAccuracy:P1} vs {defaults.Name} {defaults.TestAccuracy:P1}");
    }

    [Fact]
    public void The_spirals_are_the_same_for_a_seed_and_balanced()
    {
        TwoSpirals first = TwoSpirals.Generate(100, 5);
        TwoSpirals second = TwoSpirals.Generate(100, 5);
        Assert.Equal(first.Inputs, second.Inputs);
        Assert.Equal(50, first.Classes.Count(c => c == 1));
        Assert.All(Enumerable.Range(0, 100), n => Assert.Equal(1.0, first.Targets[(2 * n) + first.Classes[n]]));
    }
}

/// <summary>The sample's save and reload of its trained 2-4-5 network.</summary>
public sealed class SavedNetworkSampleTests
{
    [Fact]
    public void The_trained_network_survives_a_save_and_reload()
    {
        string path = Path.Combine(Path.GetTempPath(), "unrolled-sample-" + Guid.NewGuid().ToString("N") + ".unrolled");
        try
        {
            var network = new AllGatesNetwork();
            GateTrainer.TrainAllAtOnce(network, seed: 1);
            Assert.True(SavedNetwork.SaveAndReload(network, path));
            Assert.Equal(NetworkFormat.FileSize(new NetworkDescription([2, 4, 5], Activation.Sigmoid, Activation.Sigmoid, Loss.SquaredError, Optimizer.Sgd, Precision.Double)), new FileInfo(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
