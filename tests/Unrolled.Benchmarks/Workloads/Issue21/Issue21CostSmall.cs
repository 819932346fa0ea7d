using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Before;

namespace Unrolled.Benchmarks.Workloads.Issue21;

/// <summary>
/// What issue 21 (a layer model, per-layer activations, concepts that own their code) costs W1:
/// 2-4-1 XOR, one Train per sample, learning rate 0.5, today's generated network against the code
/// commit eaed394 generated (Baselines/AtEaed394). Same parameters, same rows, one run; per sample-step.
/// </summary>
[MemoryDiagnoser]
public class Issue21CostW1
{
    private readonly XorNetwork _today = new();
    private readonly XorNetworkAtEaed394 _before = new();
    private readonly double[] _inputs = WorkloadData.XorInputs;
    private readonly double[] _targets = WorkloadData.XorTargets;

    [GlobalSetup]
    public void Setup() => Issue21Start.Together(nameof(Issue21CostW1), _today, _before, n => TrainRows(n));

    [Benchmark(Baseline = true, OperationsPerInvoke = 4)]
    public double AtEaed394()
    {
        double loss = 0;
        for (int row = 0; row < 4; row++)
        {
            loss += _before.Train(_inputs.AsSpan(row * 2, 2), _targets.AsSpan(row, 1), W1XorSgd.LearningRate);
        }

        return loss;
    }

    [Benchmark(OperationsPerInvoke = 4)]
    public double Today()
    {
        double loss = 0;
        for (int row = 0; row < 4; row++)
        {
            loss += _today.Train(_inputs.AsSpan(row * 2, 2), _targets.AsSpan(row, 1), W1XorSgd.LearningRate);
        }

        return loss;
    }

    // Setup's check only: the timed methods call the sealed classes directly, as W1 does.
    private void TrainRows(INetwork network)
    {
        for (int row = 0; row < 4; row++)
        {
            network.Train(_inputs.AsSpan(row * 2, 2), _targets.AsSpan(row, 1), W1XorSgd.LearningRate);
        }
    }
}

/// <summary>W2: 2-4-5, one TrainBatch over the four rows (mean gradient), learning rate 1.0; per epoch.</summary>
[MemoryDiagnoser]
public class Issue21CostW2
{
    private readonly LogicNetwork _today = new();
    private readonly LogicNetworkAtEaed394 _before = new();

    [GlobalSetup]
    public void Setup() => Issue21Start.Together(
        nameof(Issue21CostW2),
        _today,
        _before,
        n => n.TrainBatch(WorkloadData.XorInputs, WorkloadData.LogicTargets, W2Logic5Batch.LearningRate));

    [Benchmark(Baseline = true)]
    public double AtEaed394() => _before.TrainBatch(WorkloadData.XorInputs, WorkloadData.LogicTargets, W2Logic5Batch.LearningRate);

    [Benchmark]
    public double Today() => _today.TrainBatch(WorkloadData.XorInputs, WorkloadData.LogicTargets, W2Logic5Batch.LearningRate);
}

/// <summary>W3: 2-4-1, one Predict per XOR row, cycling; per prediction.</summary>
[MemoryDiagnoser]
public class Issue21CostW3
{
    private readonly XorNetwork _today = new();
    private readonly XorNetworkAtEaed394 _before = new();
    private readonly double[] _inputs = WorkloadData.XorInputs;
    private readonly double[] _output = new double[1];

    [GlobalSetup]
    public void Setup() => Issue21Start.SamePredictions(nameof(Issue21CostW3), _today, _before, _inputs);

    [Benchmark(Baseline = true, OperationsPerInvoke = 4)]
    public double AtEaed394()
    {
        double sum = 0;
        for (int row = 0; row < 4; row++)
        {
            _before.Predict(_inputs.AsSpan(row * 2, 2), _output);
            sum += _output[0];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 4)]
    public double Today()
    {
        double sum = 0;
        for (int row = 0; row < 4; row++)
        {
            _today.Predict(_inputs.AsSpan(row * 2, 2), _output);
            sum += _output[0];
        }

        return sum;
    }
}

/// <summary>W3's PredictBatch row: 2-4-1 over the XOR rows repeated to 256 rows; per prediction.</summary>
[MemoryDiagnoser]
public class Issue21CostW3Batch
{
    private const int BatchRows = 256;
    private readonly XorNetwork _today = new();
    private readonly XorNetworkAtEaed394 _before = new();
    private readonly double[] _inputs = [.. Enumerable.Range(0, BatchRows).SelectMany(row => WorkloadData.XorInputs.AsSpan((row % 4) * 2, 2).ToArray())];
    private readonly double[] _outputs = new double[BatchRows];

    [GlobalSetup]
    public void Setup() => Issue21Start.SamePredictions(nameof(Issue21CostW3Batch), _today, _before, _inputs);

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows)]
    public double AtEaed394()
    {
        _before.PredictBatch(_inputs, _outputs);
        return _outputs[BatchRows - 1];
    }

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public double Today()
    {
        _today.PredictBatch(_inputs, _outputs);
        return _outputs[BatchRows - 1];
    }
}
