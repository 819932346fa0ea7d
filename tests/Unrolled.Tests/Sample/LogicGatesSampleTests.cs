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

/// <summary>The sample's command line: good values are taken, bad ones get one line naming the option and its range, and exit code 2.</summary>
public sealed class SampleOptionsTests
{
    [Fact]
    public void Defaults_and_given_values_are_read()
    {
        SampleOptions defaults = Assert.IsType<SampleOptions>(SampleOptions.Parse([], TextWriter.Null, out int exitCode));
        Assert.Equal(0, exitCode);
        Assert.Equal((1UL, GateTrainer.MaxEpochs, 0.5, false), (defaults.Seed, defaults.Epochs, defaults.LearningRate, defaults.Quiet));

        SampleOptions given = Assert.IsType<SampleOptions>(SampleOptions.Parse(["--seed", "7", "--epochs", "500", "--learning-rate", "0.25", "--out", "x", "--quiet"], TextWriter.Null, out _));
        Assert.Equal((7UL, 500, 0.25, "x", true), (given.Seed, given.Epochs, given.LearningRate, given.OutputDirectory, given.Quiet));
    }

    [Theory]
    [InlineData("--seed", "-1", "--seed takes a whole number from 0 to 18446744073709551615")]
    [InlineData("--epochs", "0", "--epochs takes a whole number from 1 to 1000000")]
    [InlineData("--epochs", "many", "--epochs takes a whole number from 1 to 1000000")]
    [InlineData("--learning-rate", "0", "--learning-rate takes a number greater than 0 and at most 100")]
    [InlineData("--learning-rate", "NaN", "--learning-rate takes a number greater than 0 and at most 100")]
    public void A_bad_value_is_one_line_naming_the_option_and_its_range(string option, string value, string expected)
    {
        var error = new StringWriter();
        Assert.Null(SampleOptions.Parse([option, value], error, out int exitCode));
        Assert.Equal(2, exitCode);
        string text = error.ToString();
        Assert.StartsWith("LogicGates: " + expected, text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void An_unknown_option_points_to_help()
    {
        var error = new StringWriter();
        Assert.Null(SampleOptions.Parse(["--bogus"], error, out int exitCode));
        Assert.Equal(2, exitCode);
        Assert.Contains("--help", error.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>Progress comes only every few hundred epochs, and training keeps every epoch's loss for the pictures.</summary>
public sealed class TrainingProgressTests
{
    private sealed class CountingProgress : ITrainingProgress
    {
        public int Updates { get; private set; }

        public bool Finished { get; private set; }

        public void Update(string name, int epoch, int maxEpochs, double loss, double stepsPerSecond)
        {
            Assert.Equal(0, epoch % ITrainingProgress.Interval);
            Assert.True(loss > 0 && stepsPerSecond > 0);
            Updates++;
        }

        public void Finish(string name, int epoch, double loss, bool learned) => Finished = true;
    }

    [Fact]
    public void Progress_is_reported_every_interval_and_once_at_the_end()
    {
        var progress = new CountingProgress();
        TrainingResult result = GateTrainer.TrainOne(LogicFunction.All[4], GateTrainer.SeedFor(1, 4), progress: progress);
        Assert.True(progress.Finished);
        Assert.True(progress.Updates >= 2, "XOR takes thousands of epochs, so there are reports.");
        Assert.Equal(result.Epochs / ITrainingProgress.Interval, progress.Updates);
        Assert.Equal(result.Epochs, result.LossHistory.Length);
    }

    [Fact]
    public void The_pictures_are_written()
    {
        string directory = Path.Combine(Path.GetTempPath(), "unrolled-pictures-" + Guid.NewGuid().ToString("N"));
        try
        {
            TrainingResult[] results = [.. LogicFunction.All.Select((f, i) => GateTrainer.TrainOne(f, GateTrainer.SeedFor(1, i)))];
            IReadOnlyList<string> paths = Pictures.Write(results, directory);
            Assert.Equal(["loss.png", "boundary-and.png", "boundary-or.png", "boundary-nand.png", "boundary-nor.png", "boundary-xor.png"], paths.Select(Path.GetFileName));
            Assert.All(paths, p => Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(p)[..4]));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
