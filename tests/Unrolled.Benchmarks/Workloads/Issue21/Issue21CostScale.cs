using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Before;

namespace Unrolled.Benchmarks.Workloads.Issue21;

/// <summary>
/// W4 before and after issue 21: one Train per sample over the 64 scale rows, learning rate 0.1, today's
/// network against eaed394's at one size; per sample-step. Both are called through INetwork, as W4 calls
/// its network, so the one interface call per step is the same on both sides.
/// </summary>
[MemoryDiagnoser]
public abstract class Issue21CostTrain
{
    private const double LearningRate = 0.1;
    private const int Rows = WorkloadData.ScaleRows;
    private readonly string _name;
    private readonly INetwork _today;
    private readonly INetwork _before;
    private readonly double[] _inputs;
    private readonly double[] _targets;

    // The name is passed in: under BenchmarkDotNet's in-process toolchain GetType() is its emitted runnable.
    protected Issue21CostTrain(string name, INetwork today, INetwork before)
    {
        _name = name;
        _today = today;
        _before = before;
        _inputs = WorkloadData.ScaleInputs(today.InputCount);
        _targets = WorkloadData.ScaleTargets(today.OutputCount);
    }

    [GlobalSetup]
    public void Setup() => Issue21Start.Together(_name, _today, _before, n => TrainRows(n));

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double AtEaed394() => TrainRows(_before);

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

/// <summary>W4 at 8-16-4: straight-line code.</summary>
public class Issue21CostW4Scale8x16x4() : Issue21CostTrain(nameof(Issue21CostW4Scale8x16x4), new Scale8Network(), new Scale8NetworkAtEaed394());

/// <summary>W4 at 32-64-10: blocked code.</summary>
public class Issue21CostW4Scale32x64x10() : Issue21CostTrain(nameof(Issue21CostW4Scale32x64x10), new Scale32Network(), new Scale32NetworkAtEaed394());

/// <summary>W4 at 784-128-10: the blocked per-sample Train the issue names.</summary>
public class Issue21CostW4Scale784x128x10() : Issue21CostTrain(nameof(Issue21CostW4Scale784x128x10), new Scale784Network(), new Scale784NetworkAtEaed394());

/// <summary>
/// W5 before and after issue 21, in double: the 256 W5 rows cycled in consecutive batches, one TrainBatch
/// per batch (mean gradient), learning rate 0.5. One operation is one batch; divide by its rows for W5's
/// per-sample figure (the ratio is the same).
/// </summary>
[MemoryDiagnoser]
public abstract class Issue21CostTrainBatch
{
    private const double LearningRate = 0.5;
    private const int Rows = WorkloadData.MinibatchRows;
    private readonly string _name;
    private readonly INetwork _today;
    private readonly INetwork _before;
    private readonly double[] _inputs;
    private readonly double[] _targets;
    private readonly int _batch;
    private int _next;

    protected Issue21CostTrainBatch(string name, INetwork today, INetwork before, int batch)
    {
        _name = name;
        _today = today;
        _before = before;
        _batch = batch;
        _inputs = WorkloadData.MinibatchInputs(today.InputCount);
        _targets = WorkloadData.MinibatchTargets(today.OutputCount);
    }

    [GlobalSetup]
    public void Setup()
    {
        Issue21Start.Together(_name, _today, _before, n =>
        {
            for (int b = 0; b < Rows / _batch; b++)
            {
                n.TrainBatch(BatchInputs(b), BatchTargets(b), LearningRate);
            }
        });
        _next = 0;
    }

    [Benchmark(Baseline = true)]
    public double AtEaed394() => _before.TrainBatch(BatchInputs(_next), BatchTargets(Advance()), LearningRate);

    [Benchmark]
    public double Today() => _today.TrainBatch(BatchInputs(_next), BatchTargets(Advance()), LearningRate);

    private ReadOnlySpan<double> BatchInputs(int b) => _inputs.AsSpan(b * _batch * _today.InputCount, _batch * _today.InputCount);

    private ReadOnlySpan<double> BatchTargets(int b) => _targets.AsSpan(b * _batch * _today.OutputCount, _batch * _today.OutputCount);

    private int Advance()
    {
        int b = _next;
        _next = (_next + 1) % (Rows / _batch);
        return b;
    }
}

/// <summary>W5a: 64-32-10, batches of 32.</summary>
public class Issue21CostW5a64x32x10() : Issue21CostTrainBatch(nameof(Issue21CostW5a64x32x10), new MinibatchNetwork(), new MinibatchNetworkAtEaed394(), batch: 32);

/// <summary>W5b: 784-128-10, batches of 64.</summary>
public class Issue21CostW5b784x128x10() : Issue21CostTrainBatch(nameof(Issue21CostW5b784x128x10), new Scale784Network(), new Scale784NetworkAtEaed394(), batch: 64);

/// <summary>W5b's PredictBatch: 784-128-10 in double over 1,024 rows (the 256 W5 rows four times), one call per operation.</summary>
[MemoryDiagnoser]
public class Issue21CostW5bPredictBatch
{
    private const int Batch = 1024;
    private readonly Scale784Network _today = new();
    private readonly Scale784NetworkAtEaed394 _before = new();
    private readonly double[] _inputs = [.. Enumerable.Repeat(WorkloadData.MinibatchInputs(784), 4).SelectMany(r => r)];
    private readonly double[] _outputs = new double[Batch * 10];

    [GlobalSetup]
    public void Setup() => Issue21Start.SamePredictions(nameof(Issue21CostW5bPredictBatch), _today, _before, _inputs);

    [Benchmark(Baseline = true)]
    public double AtEaed394()
    {
        _before.PredictBatch(_inputs, _outputs);
        return _outputs[^1];
    }

    [Benchmark]
    public double Today()
    {
        _today.PredictBatch(_inputs, _outputs);
        return _outputs[^1];
    }
}
