using BenchmarkDotNet.Attributes;

namespace Unrolled.Benchmarks.Workloads.BeforeAfter;

// W1-W3 on today's generated network against an earlier commit's generated copy of it (Baselines/At*),
// one class per workload and issue deriving from these. Both sides are called through INetwork, so
// whatever the call costs is the same on both (dynamic PGO devirtualizes the one type each run sees).

/// <summary>
/// W1: 2-4-1 XOR, one Train per sample, learning rate 0.5, today's network against the earlier commit's
/// (<see cref="Before"/>, the baseline). Same parameters, same rows, one run; per sample-step.
/// </summary>
[MemoryDiagnoser]
public abstract class BeforeAfterW1(string workload, string commit, INetwork before)
{
    private readonly INetwork _today = new XorNetwork();
    private readonly INetwork _before = before;
    private readonly double[] _inputs = WorkloadData.XorInputs;
    private readonly double[] _targets = WorkloadData.XorTargets;

    // The names are passed in: under BenchmarkDotNet's in-process toolchain GetType() is its emitted runnable.
    [GlobalSetup]
    public void Setup() => BeforeAfterStart.Together(workload, commit, _today, _before, n => TrainRows(n));

    [Benchmark(Baseline = true, OperationsPerInvoke = 4)]
    public double Before() => TrainRows(_before);

    [Benchmark(OperationsPerInvoke = 4)]
    public double Today() => TrainRows(_today);

    private double TrainRows(INetwork network)
    {
        double loss = 0;
        for (int row = 0; row < 4; row++)
        {
            loss += network.Train(_inputs.AsSpan(row * 2, 2), _targets.AsSpan(row, 1), W1XorSgd.LearningRate);
        }

        return loss;
    }
}

/// <summary>W2: 2-4-5, one TrainBatch over the four rows (mean gradient), learning rate 1.0; per epoch.</summary>
[MemoryDiagnoser]
public abstract class BeforeAfterW2(string workload, string commit, INetwork before)
{
    private readonly INetwork _today = new LogicNetwork();
    private readonly INetwork _before = before;

    [GlobalSetup]
    public void Setup() => BeforeAfterStart.Together(workload, commit, _today, _before, n => Epoch(n));

    [Benchmark(Baseline = true)]
    public double Before() => Epoch(_before);

    [Benchmark]
    public double Today() => Epoch(_today);

    private static double Epoch(INetwork network) => network.TrainBatch(WorkloadData.XorInputs, WorkloadData.LogicTargets, W2Logic5Batch.LearningRate);
}

/// <summary>W3: 2-4-1, one Predict per XOR row, cycling; per prediction.</summary>
[MemoryDiagnoser]
public abstract class BeforeAfterW3(string workload, string commit, INetwork before)
{
    private readonly INetwork _today = new XorNetwork();
    private readonly INetwork _before = before;
    private readonly double[] _inputs = WorkloadData.XorInputs;
    private readonly double[] _output = new double[1];

    [GlobalSetup]
    public void Setup() => BeforeAfterStart.SamePredictions(workload, commit, _today, _before, _inputs);

    [Benchmark(Baseline = true, OperationsPerInvoke = 4)]
    public double Before() => PredictRows(_before);

    [Benchmark(OperationsPerInvoke = 4)]
    public double Today() => PredictRows(_today);

    private double PredictRows(INetwork network)
    {
        double sum = 0;
        for (int row = 0; row < 4; row++)
        {
            network.Predict(_inputs.AsSpan(row * 2, 2), _output);
            sum += _output[0];
        }

        return sum;
    }
}

/// <summary>W3's PredictBatch row: 2-4-1 over the XOR rows repeated to 256 rows, one call; per prediction.</summary>
[MemoryDiagnoser]
public abstract class BeforeAfterW3Batch(string workload, string commit, INetwork before)
{
    private const int BatchRows = 256;
    private readonly INetwork _today = new XorNetwork();
    private readonly INetwork _before = before;
    private readonly double[] _inputs = [.. Enumerable.Range(0, BatchRows).SelectMany(row => WorkloadData.XorInputs.AsSpan((row % 4) * 2, 2).ToArray())];
    private readonly double[] _outputs = new double[BatchRows];

    [GlobalSetup]
    public void Setup() => BeforeAfterStart.SamePredictions(workload, commit, _today, _before, _inputs);

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows)]
    public double Before() => PredictAll(_before);

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public double Today() => PredictAll(_today);

    private double PredictAll(INetwork network)
    {
        network.PredictBatch(_inputs, _outputs);
        return _outputs[BatchRows - 1];
    }
}
