using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Baselines;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// W4 scale: one Train per sample over 64 fixed pseudo-random rows, learning rate 0.1, at one
/// network size. Figures are per sample-step. The generated network is called through INetwork so
/// that one class serves every size; one interface call per step is noise next to a step's work.
/// </summary>
[MemoryDiagnoser]
public abstract class W4Scale
{
    private const double LearningRate = 0.1;
    private const int Rows = WorkloadData.ScaleRows;
    private readonly INetwork _generated;
    private readonly LoopNetwork _loop;
    private readonly double[] _inputs;
    private readonly double[] _targets;

    // Made once: a lambda that captures 'this' allocates a new delegate every time it is evaluated.
    private readonly TrainStep _loopStep;
    private readonly TrainStep _generatedStep;

    protected W4Scale(INetwork generated)
    {
        _generated = generated;
        _loop = new LoopNetwork(generated.LayerSizes.ToArray());
        _inputs = WorkloadData.ScaleInputs(generated.InputCount);
        _targets = WorkloadData.ScaleTargets(generated.OutputCount);
        _loopStep = (input, target) => _loop.Train(input, target, LearningRate);
        _generatedStep = (input, target) => _generated.Train(input, target, LearningRate);
    }

    [GlobalSetup]
    public void Setup()
    {
        WorkloadData.StartTogether(_generated, p => _loop.SetParameters(p));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double Loop() => TrainRows(_loopStep);

    [Benchmark(OperationsPerInvoke = Rows)]
    public double Generated() => TrainRows(_generatedStep);

    private double TrainRows(TrainStep step)
    {
        int inputCount = _generated.InputCount;
        int outputCount = _generated.OutputCount;
        double loss = 0;
        for (int row = 0; row < Rows; row++)
        {
            loss += step(_inputs.AsSpan(row * inputCount, inputCount), _targets.AsSpan(row * outputCount, outputCount));
        }

        return loss;
    }

    private delegate double TrainStep(ReadOnlySpan<double> input, ReadOnlySpan<double> target);
}

/// <summary>W4 at 8-16-4: straight-line code.</summary>
public class W4Scale8x16x4() : W4Scale(new Scale8Network());

/// <summary>W4 at 32-64-10: blocked code.</summary>
public class W4Scale32x64x10() : W4Scale(new Scale32Network());

/// <summary>W4 at 784-128-10 (MNIST-sized): blocked code.</summary>
public class W4Scale784x128x10() : W4Scale(new Scale784Network());
