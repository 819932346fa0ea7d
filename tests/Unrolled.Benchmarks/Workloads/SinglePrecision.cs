using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// W1-W4 with Precision.Single, each beside the same workload on the double network (ratio 1.00):
/// what float buys. Same data, rounded to float; figures per sample-step, epoch or prediction as
/// in the double workloads.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SinglePrecision
{
    private const int BatchRows = 256;
    private readonly XorNetwork _xor = new();
    private readonly SingleXorNetwork _singleXor = new();
    private readonly LogicNetwork _logic = new();
    private readonly SingleLogicNetwork _singleLogic = new();
    private readonly Scale32Network _scale = new();
    private readonly SingleScale32Network _singleScale = new();
    private readonly float[] _xorInputs = ToSingle(WorkloadData.XorInputs);
    private readonly float[] _xorTargets = ToSingle(WorkloadData.XorTargets);
    private readonly float[] _logicTargets = ToSingle(WorkloadData.LogicTargets);
    private readonly double[] _scaleInputs = WorkloadData.ScaleInputs(Scale32Network.InputCount);
    private readonly double[] _scaleTargets = WorkloadData.ScaleTargets(Scale32Network.OutputCount);
    private readonly float[] _singleScaleInputs = ToSingle(WorkloadData.ScaleInputs(Scale32Network.InputCount));
    private readonly float[] _singleScaleTargets = ToSingle(WorkloadData.ScaleTargets(Scale32Network.OutputCount));
    private readonly double[] _batchInputs = [.. Enumerable.Range(0, BatchRows).SelectMany(row => WorkloadData.XorInputs.AsSpan((row % 4) * 2, 2).ToArray())];
    private readonly float[] _singleBatchInputs;
    private readonly double[] _batchOutputs = new double[BatchRows];
    private readonly float[] _singleBatchOutputs = new float[BatchRows];

    public SinglePrecision()
    {
        _singleBatchInputs = ToSingle(_batchInputs);
    }

    [GlobalSetup]
    public void Setup()
    {
        _xor.Randomize(1);
        _singleXor.Randomize(1);
        _logic.Randomize(1);
        _singleLogic.Randomize(1);
        _scale.Randomize(1);
        _singleScale.Randomize(1);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 4), BenchmarkCategory("W1 Train")]
    public double W1Double()
    {
        double loss = 0;
        for (int row = 0; row < 4; row++)
        {
            loss += _xor.Train(WorkloadData.XorInputs.AsSpan(row * 2, 2), WorkloadData.XorTargets.AsSpan(row, 1), 0.5);
        }

        return loss;
    }

    [Benchmark(OperationsPerInvoke = 4), BenchmarkCategory("W1 Train")]
    public double W1Single()
    {
        float loss = 0;
        for (int row = 0; row < 4; row++)
        {
            loss += _singleXor.Train(_xorInputs.AsSpan(row * 2, 2), _xorTargets.AsSpan(row, 1), 0.5f);
        }

        return loss;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("W2 TrainBatch")]
    public double W2Double() => _logic.TrainBatch(WorkloadData.XorInputs, WorkloadData.LogicTargets, 1.0);

    [Benchmark, BenchmarkCategory("W2 TrainBatch")]
    public double W2Single() => _singleLogic.TrainBatch(_xorInputs, _logicTargets, 1f);

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchRows), BenchmarkCategory("W3 PredictBatch")]
    public double W3Double()
    {
        _xor.PredictBatch(_batchInputs, _batchOutputs);
        return _batchOutputs[BatchRows - 1];
    }

    [Benchmark(OperationsPerInvoke = BatchRows), BenchmarkCategory("W3 PredictBatch")]
    public double W3Single()
    {
        _singleXor.PredictBatch(_singleBatchInputs, _singleBatchOutputs);
        return _singleBatchOutputs[BatchRows - 1];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = WorkloadData.ScaleRows), BenchmarkCategory("W4 32-64-10 Train")]
    public double W4Double()
    {
        double loss = 0;
        for (int row = 0; row < WorkloadData.ScaleRows; row++)
        {
            loss += _scale.Train(_scaleInputs.AsSpan(row * 32, 32), _scaleTargets.AsSpan(row * 10, 10), 0.1);
        }

        return loss;
    }

    [Benchmark(OperationsPerInvoke = WorkloadData.ScaleRows), BenchmarkCategory("W4 32-64-10 Train")]
    public double W4Single()
    {
        float loss = 0;
        for (int row = 0; row < WorkloadData.ScaleRows; row++)
        {
            loss += _singleScale.Train(_singleScaleInputs.AsSpan(row * 32, 32), _singleScaleTargets.AsSpan(row * 10, 10), 0.1f);
        }

        return loss;
    }

    private static float[] ToSingle(double[] values) => [.. values.Select(v => (float)v)];
}
