using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Baselines;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>W2 logic5-batch: 2-4-5, one TrainBatch over the four rows (mean gradient), learning rate 1.0. Figures are per epoch.</summary>
[MemoryDiagnoser]
public class W2Logic5Batch
{
    public const double LearningRate = 1.0;
    private readonly LogicNetwork _generated = new();
    private readonly LoopNetwork _loop = new(2, 4, 5);
    private readonly HandUnrolledLogic5 _hand = new();

    [GlobalSetup]
    public void Setup()
    {
        WorkloadData.StartTogether(_generated, p => _loop.SetParameters(p), p => _hand.SetParameters(p));
    }

    [Benchmark(Baseline = true)]
    public double Loop() => _loop.TrainBatch(WorkloadData.XorInputs, WorkloadData.LogicTargets, LearningRate);

    [Benchmark]
    public double HandUnrolled() => _hand.TrainBatch(WorkloadData.XorInputs, WorkloadData.LogicTargets, LearningRate);

    [Benchmark]
    public double Generated() => _generated.TrainBatch(WorkloadData.XorInputs, WorkloadData.LogicTargets, LearningRate);
}
