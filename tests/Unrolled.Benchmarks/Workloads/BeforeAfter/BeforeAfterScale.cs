using BenchmarkDotNet.Attributes;

namespace Unrolled.Benchmarks.Workloads.BeforeAfter;

/// <summary>
/// W4: one Train per sample over the 64 scale rows, learning rate 0.1, today's network against the earlier
/// commit's at one size (<see cref="Before"/>, the baseline); per sample-step. Both are called through
/// INetwork, as W4 calls its network, so the one interface call per step is the same on both sides.
/// </summary>
[MemoryDiagnoser]
public abstract class BeforeAfterTrain(string workload, string commit, INetwork today, INetwork before)
{
    private const double LearningRate = 0.1;
    private const int Rows = WorkloadData.ScaleRows;
    private readonly INetwork _today = today;
    private readonly INetwork _before = before;
    private readonly double[] _inputs = WorkloadData.ScaleInputs(today.InputCount);
    private readonly double[] _targets = WorkloadData.ScaleTargets(today.OutputCount);

    // The names are passed in: under BenchmarkDotNet's in-process toolchain GetType() is its emitted runnable.
    [GlobalSetup]
    public void Setup() => BeforeAfterStart.Together(workload, commit, _today, _before, n => TrainRows(n));

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double Before() => TrainRows(_before);

    [Benchmark(OperationsPerInvoke = Rows)]
    public double Today() => TrainRows(_today);

    private double TrainRows(INetwork network)
    {
        int inputCount = network.InputCount;
        int outputCount = network.OutputCount;
        double loss = 0;
        for (int row = 0; row < Rows; row++)
        {
            loss += network.Train(_inputs.AsSpan(row * inputCount, inputCount), _targets.AsSpan(row * outputCount, outputCount), LearningRate);
        }

        return loss;
    }
}

/// <summary>
/// W5 in double: the 256 W5 rows cycled in consecutive batches, one TrainBatch per batch (mean gradient),
/// learning rate 0.5. One operation is one batch; divide by its rows for W5's per-sample figure (the ratio
/// is the same).
/// </summary>
[MemoryDiagnoser]
public abstract class BeforeAfterTrainBatch(string workload, string commit, INetwork today, INetwork before, int batch)
{
    private const double LearningRate = 0.5;
    private const int Rows = WorkloadData.MinibatchRows;
    private readonly INetwork _today = today;
    private readonly INetwork _before = before;
    private readonly double[] _inputs = WorkloadData.MinibatchInputs(today.InputCount);
    private readonly double[] _targets = WorkloadData.MinibatchTargets(today.OutputCount);
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        BeforeAfterStart.Together(workload, commit, _today, _before, n =>
        {
            for (int b = 0; b < Rows / batch; b++)
            {
                n.TrainBatch(BatchInputs(b), BatchTargets(b), LearningRate);
            }
        });
        _next = 0;
    }

    [Benchmark(Baseline = true)]
    public double Before() => TrainNextBatch(_before);

    [Benchmark]
    public double Today() => TrainNextBatch(_today);

    private double TrainNextBatch(INetwork network)
    {
        int b = _next;
        _next = (_next + 1) % (Rows / batch);
        return network.TrainBatch(BatchInputs(b), BatchTargets(b), LearningRate);
    }

    private ReadOnlySpan<double> BatchInputs(int b) => _inputs.AsSpan(b * batch * _today.InputCount, batch * _today.InputCount);

    private ReadOnlySpan<double> BatchTargets(int b) => _targets.AsSpan(b * batch * _today.OutputCount, batch * _today.OutputCount);
}

/// <summary>W5b's PredictBatch: 784-128-10 in double over 1,024 rows (the 256 W5 rows four times), one call per operation.</summary>
[MemoryDiagnoser]
public abstract class BeforeAfterW5bPredictBatch(string workload, string commit, INetwork before)
{
    private const int Batch = 1024;
    private readonly INetwork _today = new Scale784Network();
    private readonly INetwork _before = before;
    private readonly double[] _inputs = [.. Enumerable.Repeat(WorkloadData.MinibatchInputs(784), 4).SelectMany(r => r)];
    private readonly double[] _outputs = new double[Batch * 10];

    [GlobalSetup]
    public void Setup() => BeforeAfterStart.SamePredictions(workload, commit, _today, _before, _inputs);

    [Benchmark(Baseline = true)]
    public double Before() => PredictAll(_before);

    [Benchmark]
    public double Today() => PredictAll(_today);

    private double PredictAll(INetwork network)
    {
        network.PredictBatch(_inputs, _outputs);
        return _outputs[^1];
    }
}
