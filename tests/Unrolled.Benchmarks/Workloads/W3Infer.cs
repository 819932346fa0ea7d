using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Baselines;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>W3 infer: 2-4-1, one Predict per XOR row, cycling. Figures are per prediction.</summary>
[MemoryDiagnoser]
public class W3Infer
{
    private readonly XorNetwork _generated = new();
    private readonly LoopNetwork _loop = new(2, 4, 1);
    private readonly HandUnrolledXor _hand = new();
    private readonly double[] _inputs = WorkloadData.XorInputs;
    private readonly double[] _output = new double[1];

    // PredictBatch over the XOR rows repeated: inference over many inputs at once.
    private const int BatchRows = 256;
    private readonly double[] _batchInputs = [.. Enumerable.Range(0, BatchRows).SelectMany(row => WorkloadData.XorInputs.AsSpan((row % 4) * 2, 2).ToArray())];
    private readonly double[] _batchOutputs = new double[BatchRows];

    [GlobalSetup]
    public void Setup()
    {
        WorkloadData.StartTogether(_generated, p => _loop.SetParameters(p), p => _hand.SetParameters(p));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 4)]
    public double Loop()
    {
        double sum = 0;
        for (int row = 0; row < 4; row++)
        {
            _loop.Predict(_inputs.AsSpan(row * 2, 2), _output);
            sum += _output[0];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 4)]
    public double HandUnrolled()
    {
        double sum = 0;
        for (int row = 0; row < 4; row++)
        {
            sum += _hand.Predict(_inputs[row * 2], _inputs[(row * 2) + 1]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 4)]
    public double Generated()
    {
        double sum = 0;
        for (int row = 0; row < 4; row++)
        {
            _generated.Predict(_inputs.AsSpan(row * 2, 2), _output);
            sum += _output[0];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public double GeneratedPredictBatch()
    {
        _generated.PredictBatch(_batchInputs, _batchOutputs);
        return _batchOutputs[BatchRows - 1];
    }
}
