using BenchmarkDotNet.Attributes;

namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>
/// Issue 22's training figure: TrainSequenceBatch of a GRU-32 (1 input, 1 linear output, float) on
/// 16 sequences of 50 steps, one SGD step per invocation; OperationsPerInvoke makes BenchmarkDotNet
/// report nanoseconds per sequence. The task: the target at each step is the input one step earlier
/// (0 at the first), inputs uniform in [-1, 1). The TorchSharp row is in Issue22TrainPeers.cs
/// (-p:Peers=true); before it is timed, one step of it from the start is checked against the plain loop's.
/// The minimum and the median are shown beside the mean: on a shared machine they move least.
/// </summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public partial class Issue22Train : IDisposable
{
    public const int Hidden = 32;
    public const int SequenceLength = 50;
    public const int Sequences = 16;
    public const float LearningRate = 0.1f;
    public const ulong WeightSeed = 32;
    public const ulong SequenceSeed = 3232;

    // Float sums over 800 steps in a different order: the loss and every parameter's change in one
    // step agree to this share of the largest (2.3e-6 measured).
    private const double CheckTolerance = 2e-5;

    private float[] _inputs = [];
    private float[] _targets = [];
    private PlainGruTrainer? _plainLoop;

    public static RecurrentShape Shape => new(RecurrentCell.Gru, Inputs: 1, Hidden, Outputs: 1);

    [GlobalSetup]
    public void Setup()
    {
        RecurrentShape shape = Shape;
        float[] start = shape.Parameters(WeightSeed);
        _inputs = shape.Sequence(Sequences * SequenceLength, SequenceSeed);
        _targets = new float[_inputs.Length];
        for (int s = 0; s < Sequences; s++)
        {
            for (int t = 1; t < SequenceLength; t++)
            {
                _targets[(s * SequenceLength) + t] = _inputs[(s * SequenceLength) + t - 1];
            }
        }

        // One step of the reference from the start: the loss before it and every parameter's change.
        var reference = new PlainGruTrainer(shape, (float[])start.Clone(), SequenceLength);
        double loss = reference.TrainSequenceBatch(_inputs, _targets, SequenceLength, LearningRate);
        float[] change = [.. reference.Parameters.Zip(start, (after, before) => after - before)];
        SetUpUnrolled(shape, start, loss, change);
        SetUpPeers(shape, start, loss, change);

        _plainLoop = new PlainGruTrainer(shape, (float[])start.Clone(), SequenceLength);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        CleanUpPeers();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Sequences)]
    public double PlainLoop() => _plainLoop!.TrainSequenceBatch(_inputs, _targets, SequenceLength, LearningRate);

    /// <summary>The generated GRU-32's TrainSequenceBatch, from the same start.</summary>
    [Benchmark(OperationsPerInvoke = Sequences)]
    public double Unrolled() => _unrolled.TrainSequenceBatch(_inputs, _targets, SequenceLength, LearningRate);

    /// <summary>Throws unless one step's loss and parameter changes are the plain loop's.</summary>
    public static void RequireSameStep(string implementation, double loss, ReadOnlySpan<float> change, double expectedLoss, float[] expectedChange)
    {
        ArgumentNullException.ThrowIfNull(expectedChange);
        if (!(Math.Abs(loss - expectedLoss) <= CheckTolerance * Math.Abs(expectedLoss)))
        {
            throw new InvalidOperationException($"{nameof(Issue22Train)}: {implementation}'s loss before the step is {loss:R}, the plain loop's {expectedLoss:R}; the two do not compute the same loss.");
        }

        double scale = expectedChange.Max(v => Math.Abs((double)v));
        int worst = 0;
        for (int p = 1; p < expectedChange.Length; p++)
        {
            if (!(Math.Abs(change[p] - expectedChange[p]) <= Math.Abs(change[worst] - expectedChange[worst])))
            {
                worst = p;
            }
        }

        double difference = Math.Abs(change[worst] - expectedChange[worst]) / scale;
        if (change.Length != expectedChange.Length || !(difference <= CheckTolerance))
        {
            throw new InvalidOperationException(
                $"{nameof(Issue22Train)}: {implementation}'s step differs from the plain loop's by {difference:E2} of the largest change (parameter {worst}: {change[worst]:R} against {expectedChange[worst]:R}); allowed {CheckTolerance:E0}.");
        }

        Console.WriteLine($"// {nameof(Issue22Train)}: {implementation}'s loss {loss:R} (plain loop {expectedLoss:R}) and step within {difference:E2} of the plain loop's (relative to the largest change; allowed {CheckTolerance:E0}).");
    }

    partial void SetUpUnrolled(RecurrentShape shape, float[] start, double expectedLoss, float[] expectedChange);

    partial void SetUpPeers(RecurrentShape shape, float[] start, double expectedLoss, float[] expectedChange);

    partial void CleanUpPeers();
}
