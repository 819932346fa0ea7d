using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Before;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// What checking every new value costs: W1 (2-4-1 XOR, Train per sample, learning rate 0.5) on
/// today's generated network against the code commit 347cc8d generated, which checked only the
/// sample and the loss. Same starting parameters, same rows, one run. Figures are per sample-step.
/// </summary>
[MemoryDiagnoser]
public class GuardCostW1
{
    private readonly XorNetwork _today = new();
    private readonly XorNetworkAt347cc8d _before = new();
    private readonly double[] _inputs = WorkloadData.XorInputs;
    private readonly double[] _targets = WorkloadData.XorTargets;

    [GlobalSetup]
    public void Setup() => WorkloadData.StartTogether(_today, p => _before.SetParameters(p));

    [Benchmark(Baseline = true, OperationsPerInvoke = 4)]
    public double At347cc8d()
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
}

/// <summary>The same for W4 at 32-64-10 (blocked: new values into a spare array, swapped in), Train per sample, learning rate 0.1.</summary>
[MemoryDiagnoser]
public class GuardCostW4Scale32
{
    private const double LearningRate = 0.1;
    private const int Rows = WorkloadData.ScaleRows;
    private readonly Scale32Network _today = new();
    private readonly Scale32NetworkAt347cc8d _before = new();
    private readonly double[] _inputs = WorkloadData.ScaleInputs(32);
    private readonly double[] _targets = WorkloadData.ScaleTargets(10);

    [GlobalSetup]
    public void Setup() => WorkloadData.StartTogether(_today, p => _before.SetParameters(p));

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double At347cc8d()
    {
        double loss = 0;
        for (int row = 0; row < Rows; row++)
        {
            loss += _before.Train(_inputs.AsSpan(row * 32, 32), _targets.AsSpan(row * 10, 10), LearningRate);
        }

        return loss;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double Today()
    {
        double loss = 0;
        for (int row = 0; row < Rows; row++)
        {
            loss += _today.Train(_inputs.AsSpan(row * 32, 32), _targets.AsSpan(row * 10, 10), LearningRate);
        }

        return loss;
    }
}
