using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// What the options cost per step, each beside the same network with the defaults (ratio 1.00):
/// W1 with Momentum and Adam, and a 2-16-16-2 classifier (tanh, softmax, cross-entropy, Adam) on
/// 64 fixed rows. Figures are per sample-step; every network is called through INetwork alike.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Options
{
    private const int Rows = WorkloadData.ScaleRows;
    private readonly XorNetwork _sgd = new();
    private readonly MomentumXorNetwork _momentum = new();
    private readonly AdamXorNetwork _adam = new();
    private readonly PlainClassifierNetwork _plain = new();
    private readonly ClassifierNetwork _classifier = new();
    private readonly double[] _inputs = WorkloadData.ScaleInputs(2);
    private readonly double[] _targets = WorkloadData.ScaleTargets(2);

    [GlobalSetup]
    public void Setup()
    {
        _sgd.Randomize(1);
        _momentum.Randomize(1);
        _adam.Randomize(1);
        _plain.Randomize(1);
        _classifier.Randomize(1);
        for (int row = 0; row < Rows; row++)
        {
            // One-hot targets for the softmax: the second output is the complement of the first.
            _targets[(row * 2) + 1] = 1 - _targets[row * 2];
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 4), BenchmarkCategory("2-4-1 Train")]
    public double Sgd() => Xor(_sgd);

    [Benchmark(OperationsPerInvoke = 4), BenchmarkCategory("2-4-1 Train")]
    public double Momentum() => Xor(_momentum);

    [Benchmark(OperationsPerInvoke = 4), BenchmarkCategory("2-4-1 Train")]
    public double Adam() => Xor(_adam);

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows), BenchmarkCategory("2-16-16-2 Train")]
    public double Defaults() => Classify(_plain);

    [Benchmark(OperationsPerInvoke = Rows), BenchmarkCategory("2-16-16-2 Train")]
    public double TanhSoftmaxCrossEntropyAdam() => Classify(_classifier);

    private static double Xor(INetwork network)
    {
        double loss = 0;
        for (int row = 0; row < 4; row++)
        {
            loss += network.Train(WorkloadData.XorInputs.AsSpan(row * 2, 2), WorkloadData.XorTargets.AsSpan(row, 1), 0.01);
        }

        return loss;
    }

    private double Classify(INetwork network)
    {
        double loss = 0;
        for (int row = 0; row < Rows; row++)
        {
            loss += network.Train(_inputs.AsSpan(row * 2, 2), _targets.AsSpan(row * 2, 2), 0.01);
        }

        return loss;
    }
}
