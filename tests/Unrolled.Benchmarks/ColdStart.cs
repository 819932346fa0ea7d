using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Unrolled.Benchmarks;

/// <summary>
/// Issue 23's cold start: how much slower a short training's first epochs run than later ones, in a
/// fresh process with the runtime's default tiering. Each workload runs in several fresh processes
/// (this program again, with --cold-start-child); each reports its first epoch (which pays for the
/// JIT), epochs 2-6, and the median epoch once warm. The table gives each figure's median over the
/// launches and the ratio of the mean of epochs 2-6 to the warm median (the issue asks at most 1.5).
/// A measurement, never a test: the guard is JitTierTests, which proves the hot methods are compiled
/// fully optimised at their first call.
///   dotnet run --project tests/Unrolled.Benchmarks -c Release -- --cold-start
/// </summary>
public static class ColdStart
{
    private const int Launches = 7;
    private const int ColdEpochs = 6;
    private const int WarmEpochs = 300;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    // The settings that would change tiering; a child runs with none of them, whatever this process has.
    private static readonly string[] s_tieringVariables =
        ["DOTNET_TieredCompilation", "DOTNET_TC_QuickJit", "DOTNET_TC_QuickJitForLoops", "DOTNET_TieredPGO", "DOTNET_ReadyToRun", "DOTNET_OSR_HitLimit",
         "COMPlus_TieredCompilation", "COMPlus_TC_QuickJit", "COMPlus_TieredPGO", "COMPlus_ReadyToRun"];

    private static readonly string[] s_workloads = ["8-4-2 TrainBatch(32)", "64-32-10 Adam TrainBatch(32)", "2-4-1 Train"];

    public static int Run()
    {
        string program = typeof(ColdStart).Assembly.Location;
        Console.WriteLine($"// Cold start: {Launches} fresh processes per workload, default tiering; medians over the launches. .NET {Environment.Version}, {Environment.ProcessorCount} cores (shared: noisy).");
        Console.WriteLine("| workload | first epoch | mean of epochs 2-6 | warm median | 2-6 / warm |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        for (int w = 0; w < s_workloads.Length; w++)
        {
            var first = new List<double>();
            var cold = new List<double>();
            var warm = new List<double>();
            for (int launch = 0; launch < Launches; launch++)
            {
                double[] figures = Launch(program, w);
                first.Add(figures[0]);
                cold.Add(figures[1]);
                warm.Add(figures[2]);
            }

            double ratio = Median(cold.Zip(warm, (c, m) => c / m));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s_workloads[w]} | {Micro(Median(first))} | {Micro(Median(cold))} | {Micro(Median(warm))} | {ratio:F2}x |"));
        }

        return 0;
    }

    /// <summary>One fresh process's figures in microseconds: first epoch, mean of epochs 2-6, warm median.</summary>
    private static double[] Launch(string program, int workload)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(program);
        start.ArgumentList.Add("--cold-start-child");
        start.ArgumentList.Add(workload.ToString(CultureInfo.InvariantCulture));
        foreach (string variable in s_tieringVariables)
        {
            start.Environment.Remove(variable);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The cold-start child for {s_workloads[workload]} exited with {process.ExitCode}:\n{output}");
        }

        return [.. output.Trim().Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
    }

    /// <summary>In the fresh process: trains one workload and prints its three figures in microseconds.</summary>
    public static int Child(int workload)
    {
        Func<long> epoch = workload switch
        {
            0 => new BatchTraining<ColdDiabetesNetwork>(Randomized(new ColdDiabetesNetwork()), rows: 384, batch: 32, learningRate: 0.5).Epoch,
            1 => new BatchTraining<ColdDigitsNetwork>(Randomized(new ColdDigitsNetwork()), rows: 1347, batch: 32, learningRate: 0.001).Epoch,
            2 => new XorTraining().Epoch,
            _ => throw new ArgumentOutOfRangeException(nameof(workload), workload, "No such cold-start workload."),
        };
        var times = new double[ColdEpochs];
        for (int e = 0; e < ColdEpochs; e++)
        {
            times[e] = Micro(epoch());
        }

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < WarmUp)
        {
            epoch();
        }

        double[] warm = [.. Enumerable.Range(0, WarmEpochs).Select(_ => Micro(epoch()))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{times[0]:R} {times.Skip(1).Average():R} {Median(warm):R}"));
        return 0;
    }

    private static T Randomized<T>(T network)
        where T : INetwork
    {
        network.Randomize(1);
        return network;
    }

    private static double Micro(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

    private static string Micro(double micro) => micro >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{micro / 1000:F2} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{micro:F1} us");

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    // The harness's own loops are compiled optimised at once, so the figures are the network's, not
    // those of a loop at Tier0 (which a user's own loop would add, a few percent of an epoch here).
    private sealed class BatchTraining<T>(T network, int rows, int batch, double learningRate)
        where T : INetwork
    {
        private readonly double[] _inputs = Values(rows * network.InputCount, seed: 23, oneHot: 0);
        private readonly double[] _targets = Values(rows * network.OutputCount, seed: 230, oneHot: network.OutputCount);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public long Epoch()
        {
            long start = Stopwatch.GetTimestamp();
            int inputs = network.InputCount;
            int outputs = network.OutputCount;
            for (int first = 0; first < rows; first += batch)
            {
                int count = Math.Min(batch, rows - first);
                network.TrainBatch(_inputs.AsSpan(first * inputs, count * inputs), _targets.AsSpan(first * outputs, count * outputs), learningRate);
            }

            return Stopwatch.GetTimestamp() - start;
        }
    }

    // 2-4-1 with Train: one epoch is the four XOR rows 64 times (256 steps), long enough to time alone.
    private sealed class XorTraining
    {
        private readonly ColdXorNetwork _network = new();

        public XorTraining() => _network.Randomize(1);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public long Epoch()
        {
            long start = Stopwatch.GetTimestamp();
            ReadOnlySpan<double> inputs = WorkloadData.XorInputs;
            ReadOnlySpan<double> targets = WorkloadData.XorTargets;
            for (int pass = 0; pass < 64; pass++)
            {
                for (int row = 0; row < 4; row++)
                {
                    _network.Train(inputs.Slice(row * 2, 2), targets.Slice(row, 1), 0.5);
                }
            }

            return Stopwatch.GetTimestamp() - start;
        }
    }

    // Inputs uniform in [0, 1); with oneHot > 0, rows of that many targets with a single 1.
    private static double[] Values(int count, ulong seed, int oneHot)
    {
        var random = new SplitMix64(seed);
        var values = new double[count];
        for (int n = 0; n < count; n += Math.Max(1, oneHot))
        {
            if (oneHot == 0)
            {
                values[n] = random.NextDouble();
            }
            else
            {
                values[n + (int)(random.NextDouble() * oneHot)] = 1;
            }
        }

        return values;
    }
}

/// <summary>Cold start: FANN's diabetes size, 8-4-2 with the defaults.</summary>
[Network(8, 4, 2)]
public sealed partial class ColdDiabetesNetwork;

/// <summary>Cold start: scikit-learn's digits size, 64-32-10 with tanh, softmax, cross-entropy and Adam.</summary>
[Network(64, 32, 10, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)]
public sealed partial class ColdDigitsNetwork;

/// <summary>Cold start: the XOR network, trained with Train.</summary>
[Network(2, 4, 1)]
public sealed partial class ColdXorNetwork;
