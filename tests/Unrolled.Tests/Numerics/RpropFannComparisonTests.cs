using System.Diagnostics;
using System.Globalization;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// Optimizer.Rprop against FANN's own training (fann_train_on_data, iRPROP−) on FANN's benchmark
/// datasets, in one run: parity8 (8-16-1, 1,000 epochs) and two-spiral (2-20-10-1, 2,000 epochs),
/// full batch, seeds 1 to 10. FANN's side is its benchmark's (benchmarks/quality.cc): sigmoid layers,
/// FANN's default error function, weights uniform in [-0.1, 0.1]. Unrolled's side is what a user
/// would write for a classifier trained with Rprop: tanh hidden layers, a sigmoid output with
/// cross-entropy, weights from <c>Randomize(seed)</c>, the first step 0.1 (FANN's). Each seed's initial
/// weights are written to a file the C side reads, and FANN trains twice: from its own distribution
/// and from Unrolled's very weights, so that neither side's result is a matter of drawing luckier
/// weights. FANN's side is tests/Unrolled.Benchmarks/Peers/Fann/fann_rprop_errors.c, built here with
/// gcc against Debian's libfann-dev; the datasets are libfann-doc's. Without them the test is skipped.
/// </summary>
/// <remarks>
/// With FANN's own choices (sigmoid hidden layers, weights in [-0.1, 0.1], the same weights on both
/// sides) the generated Rprop ends parity8 worse than FANN (docs/options.md, "Rprop", has the counts):
/// FANN's gradient is not squared error's nor cross-entropy's, it clips the sigmoid's derivative
/// (FANN_SIGMOID's o (1 - o) with o in [0.01, 0.99]) so that saturated hidden neurons keep learning,
/// and Unrolled has no such option. Tanh hidden layers from Glorot weights do not saturate that way.
/// </remarks>
public sealed class RpropFannComparisonTests(ITestOutputHelper output)
{
    private const string Datasets = "/usr/share/doc/libfann-dev/examples/datasets";
    private const int Seeds = 10;

    private static readonly Lazy<NetworkAssembly> s_assembly = new(() => NetworkAssembly.Build("""
        using Unrolled;
        namespace Fann;
        [Network(8, 16, 1, Hidden = Activation.Tanh, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Rprop)] public partial class Parity8;
        [Network(2, 20, 10, 1, Hidden = Activation.Tanh, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Rprop)] public partial class TwoSpiral;
        """));

    [Theory]
    [InlineData("parity8", "Parity8", 1000, new[] { 16 })]
    [InlineData("two-spiral", "TwoSpiral", 2000, new[] { 20, 10 })]
    public async Task Generated_rprop_ends_no_worse_than_fann_on_its_benchmark(string dataset, string network, int epochs, int[] hidden)
    {
        string train = Path.Combine(Datasets, dataset + ".train");
        string test = Path.Combine(Datasets, dataset + ".test");
        Assert.SkipUnless(File.Exists(train) && File.Exists(test), $"FANN's datasets are not installed (apt-get install libfann-doc): {train}");
        string? fann = BuildFann();
        Assert.SkipWhen(fann is null, "gcc or libfann-dev is not installed");

        int parameterCount = s_assembly.Value.Create("Fann." + network).ParameterCount;
        double[][] unrolledWeights = [.. Enumerable.Range(1, Seeds).Select(seed => UnrolledInitialWeights(network, seed))];
        double[][] fannWeights = [.. Enumerable.Range(1, Seeds).Select(seed => FannInitialWeights(parameterCount, seed))];
        string folder = Directory.CreateTempSubdirectory("unrolled_fann_rprop_").FullName;
        try
        {
            // FANN trains in its own processes while Unrolled trains here.
            Task<int[]> fannOwn = RunFann(fann!, train, test, epochs, hidden, WeightsFile(folder, "fann", fannWeights));
            Task<int[]> fannSame = RunFann(fann!, train, test, epochs, hidden, WeightsFile(folder, "unrolled", unrolledWeights));
            (double[] trainInputs, double[] trainTargets) = Read(train);
            (double[] testInputs, double[] testTargets) = Read(test);
            int[] ours = [.. unrolledWeights.Select(weights => TrainAndCount(network, weights, epochs, trainInputs, trainTargets, testInputs, testTargets))];
            int[] fannFromOwn = await fannOwn;
            int[] fannFromSame = await fannSame;

            string counts = $"{dataset}, wrong of {testTargets.Length} test outputs after {epochs} epochs, seeds 1-{Seeds}: " +
                $"Unrolled {Describe(ours)}; FANN from its own weights {Describe(fannFromOwn)}; FANN from Unrolled's weights {Describe(fannFromSame)}";
            output.WriteLine(counts);
            Assert.True(Median(ours) <= Median(fannFromOwn), counts);
            Assert.True(Median(ours) <= Median(fannFromSame), counts);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double[] UnrolledInitialWeights(string name, int seed)
    {
        INetwork network = s_assembly.Value.Create("Fann." + name);
        network.Randomize((ulong)seed);
        double[] weights = new double[network.ParameterCount];
        network.CopyParametersTo(weights);
        return weights;
    }

    // FANN's own initial distribution (fann_randomize_weights(ann, -0.1, 0.1)), drawn here so that it repeats.
    private static double[] FannInitialWeights(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 0.2) - 0.1)];
    }

    private int TrainAndCount(string name, double[] weights, int epochs, double[] inputs, double[] targets, double[] testInputs, double[] testTargets)
    {
        INetwork network = s_assembly.Value.Create("Fann." + name);
        network.SetParameters(weights);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            network.TrainBatch(inputs, targets, 0.1); // the first step size, FANN's rprop_delta_zero
        }

        double[] o = new double[1];
        int wrong = 0;
        for (int row = 0; row < testTargets.Length; row++)
        {
            network.Predict(testInputs.AsSpan(row * network.InputCount, network.InputCount), o);
            wrong += Math.Abs(o[0] - testTargets[row]) >= 0.5 ? 1 : 0;
        }

        return wrong;
    }

    private static string Describe(int[] wrong) => $"{string.Join(" ", wrong)} (median {Median(wrong).ToString(CultureInfo.InvariantCulture)})";

    private static double Median(int[] values)
    {
        int[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2.0;
    }

    // One network a line, its parameters in Unrolled's order, as "R" so that the C side reads the same doubles.
    private static string WeightsFile(string folder, string name, double[][] networks)
    {
        string path = Path.Combine(folder, name + ".weights");
        File.WriteAllLines(path, networks.Select(weights => string.Join(" ", weights.Select(w => w.ToString("R", CultureInfo.InvariantCulture)))));
        return path;
    }

    // FANN's format: "rows inputs outputs", then each row's inputs on one line and its outputs on the next.
    private static (double[] Inputs, double[] Targets) Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        int rows = int.Parse(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        var inputs = new List<double>();
        var targets = new List<double>();
        for (int row = 0; row < rows; row++)
        {
            inputs.AddRange(Numbers(lines[1 + (2 * row)]));
            targets.AddRange(Numbers(lines[2 + (2 * row)]));
        }

        return ([.. inputs], [.. targets]);
    }

    private static IEnumerable<double> Numbers(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture));

    private static Task<int[]> RunFann(string program, string train, string test, int epochs, int[] hidden, string weights) => Task.Run(() =>
    {
        string text = Run(program, [train, test, epochs.ToString(CultureInfo.InvariantCulture), weights, "tanh",
            .. hidden.Select(h => h.ToString(CultureInfo.InvariantCulture))]);
        int[] wrong = [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
        Assert.Equal(Seeds, wrong.Length);
        return wrong;
    });

    // Compiles FANN's side into a temporary folder; null when gcc or FANN's headers are missing.
    private static string? BuildFann()
    {
        if (!File.Exists("/usr/include/doublefann.h"))
        {
            return null;
        }

        string source = Path.Combine(TestPaths.RepositoryRoot, "tests", "Unrolled.Benchmarks", "Peers", "Fann", "fann_rprop_errors.c");
        string program = Path.Combine(Path.GetTempPath(), $"unrolled_fann_rprop_errors_{Environment.ProcessId}");
        try
        {
            Run("gcc", ["-O2", "-o", program, source, "-ldoublefann", "-lm"]);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        return program;
    }

    private static string Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {error.Result}");
        return text;
    }
}
