using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Baselines;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>W1 xor-sgd: 2-4-1, one Train per sample over the four XOR rows, learning rate 0.5. Figures are per sample-step.</summary>
[MemoryDiagnoser]
public class W1XorSgd
{
    public const double LearningRate = 0.5;
    private readonly XorNetwork _generated = new();
    private readonly LoopNetwork _loop = new(2, 4, 1);
    private readonly HandUnrolledXor _hand = new();
    private readonly double[] _inputs = WorkloadData.XorInputs;
    private readonly double[] _targets = WorkloadData.XorTargets;

    [GlobalSetup]
    public void Setup()
    {
        WorkloadData.StartTogether(_generated, p => _loop.SetParameters(p), p => _hand.SetParameters(p));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 4)]
    public double Loop()
    {
        double loss = 0;
        for (int row = 0; row < 4; row++)
        {
            loss += _loop.Train(_inputs.AsSpan(row * 2, 2), _targets.AsSpan(row, 1), LearningRate);
        }

        return loss;
    }

    [Benchmark(OperationsPerInvoke = 4)]
    public double HandUnrolled()
    {
        double loss = 0;
        for (int row = 0; row < 4; row++)
        {
            loss += _hand.Train(_inputs[row * 2], _inputs[(row * 2) + 1], _targets[row], LearningRate);
        }

        return loss;
    }

    [Benchmark(OperationsPerInvoke = 4)]
    public double Generated()
    {
        double loss = 0;
        for (int row = 0; row < 4; row++)
        {
            loss += _generated.Train(_inputs.AsSpan(row * 2, 2), _targets.AsSpan(row, 1), LearningRate);
        }

        return loss;
    }
}
