using BenchmarkDotNet.Attributes;

namespace Unrolled.Benchmarks.Workloads.BeforeAfter;

/// <summary>
/// W5b in float: 784-128-10, the W5 rows rounded to float in consecutive batches of 64, one TrainBatch per
/// batch, learning rate 0.5, today's network against the earlier commit's (<see cref="Before"/>, the
/// baseline); one operation is one batch.
/// </summary>
[MemoryDiagnoser]
public abstract class BeforeAfterW5bSingle(string workload, string commit, ISingleNetwork before)
{
    private const float LearningRate = 0.5f;
    private const int Batch = 64;
    private const int Rows = WorkloadData.MinibatchRows;
    private readonly ISingleNetwork _today = new SingleScale784Network();
    private readonly ISingleNetwork _before = before;
    private readonly float[] _inputs = [.. WorkloadData.MinibatchInputs(784).Select(v => (float)v)];
    private readonly float[] _targets = [.. WorkloadData.MinibatchTargets(10).Select(v => (float)v)];
    private int _next;

    // The names are passed in: under BenchmarkDotNet's in-process toolchain GetType() is its emitted runnable.
    [GlobalSetup]
    public void Setup()
    {
        BeforeAfterStart.Together(workload, commit, _today, _before, n =>
        {
            for (int b = 0; b < Rows / Batch; b++)
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

    private float TrainNextBatch(ISingleNetwork network)
    {
        int b = _next;
        _next = (_next + 1) % (Rows / Batch);
        return network.TrainBatch(BatchInputs(b), BatchTargets(b), LearningRate);
    }

    private ReadOnlySpan<float> BatchInputs(int b) => _inputs.AsSpan(b * Batch * 784, Batch * 784);

    private ReadOnlySpan<float> BatchTargets(int b) => _targets.AsSpan(b * Batch * 10, Batch * 10);
}

/// <summary>
/// The float per-sample Train at 784-128-10 (W5b float's Train row): one Train per sample over 64 of the
/// W5 rows rounded to float, learning rate 0.5; per sample-step.
/// </summary>
[MemoryDiagnoser]
public abstract class BeforeAfterW5bSingleTrain(string workload, string commit, ISingleNetwork before)
{
    private const float LearningRate = 0.5f;
    private const int Rows = 64;
    private readonly ISingleNetwork _today = new SingleScale784Network();
    private readonly ISingleNetwork _before = before;
    private readonly float[] _inputs = [.. WorkloadData.MinibatchInputs(784).Take(Rows * 784).Select(v => (float)v)];
    private readonly float[] _targets = [.. WorkloadData.MinibatchTargets(10).Take(Rows * 10).Select(v => (float)v)];

    [GlobalSetup]
    public void Setup() => BeforeAfterStart.Together(workload, commit, _today, _before, n => TrainRows(n));

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double Before() => TrainRows(_before);

    [Benchmark(OperationsPerInvoke = Rows)]
    public double Today() => TrainRows(_today);

    private float TrainRows(ISingleNetwork network)
    {
        float loss = 0;
        for (int row = 0; row < Rows; row++)
        {
            loss += network.Train(_inputs.AsSpan(row * 784, 784), _targets.AsSpan(row * 10, 10), LearningRate);
        }

        return loss;
    }
}
