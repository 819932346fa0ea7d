using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Baselines;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>W4 scale: one Train per sample over 64 fixed pseudo-random rows, learning rate 0.1. Figures are per sample-step.</summary>
[MemoryDiagnoser]
public class W4Scale
{
    private const double LearningRate = 0.1;
    private const int Rows = WorkloadData.ScaleRows;
    private readonly Scale8Network _generated = new();
    private readonly LoopNetwork _loop = new(8, 16, 4);
    private readonly double[] _inputs = WorkloadData.ScaleInputs(Scale8Network.InputCount);
    private readonly double[] _targets = WorkloadData.ScaleTargets(Scale8Network.OutputCount);

    [GlobalSetup]
    public void Setup()
    {
        WorkloadData.StartTogether(_generated, p => _loop.SetParameters(p));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double Loop_8_16_4()
    {
        double loss = 0;
        for (int row = 0; row < Rows; row++)
        {
            loss += _loop.Train(_inputs.AsSpan(row * 8, 8), _targets.AsSpan(row * 4, 4), LearningRate);
        }

        return loss;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double Generated_8_16_4()
    {
        double loss = 0;
        for (int row = 0; row < Rows; row++)
        {
            loss += _generated.Train(_inputs.AsSpan(row * 8, 8), _targets.AsSpan(row * 4, 4), LearningRate);
        }

        return loss;
    }
}
