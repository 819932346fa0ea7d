using BenchmarkDotNet.Attributes;

namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>
/// Issue 22's streaming figure: Step of a GRU-16 and an LSTM-16 (1 input, 16 hidden, 1 linear
/// output, float), every row from the same weights and the same input sequence. One invocation is a
/// block of <see cref="Steps"/> steps carrying the state on, and OperationsPerInvoke makes
/// BenchmarkDotNet report nanoseconds per step. The peers (RTNeural, ONNX Runtime, TorchSharp) are
/// in Issue22StepPeers.cs, compiled with -p:Peers=true; before any row is timed, each one's
/// outputs over a sequence from a zero state are checked against the plain loop's.
/// The minimum and the median are shown beside the mean: on a shared machine they move least.
/// </summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public partial class Issue22Step : IDisposable
{
    public const int Steps = 1_000;
    public const int Hidden = 16;
    public const ulong WeightSeed = 22;
    public const ulong SequenceSeed = 2222;

    // Every peer's outputs over this many steps from a zero state agree with the plain loop's to this
    // share of the largest output: float keeps about seven digits, and each implementation rounds its
    // own sums, exponentials and tanh differently.
    private const int CheckSteps = 200;
    private const double CheckTolerance = 1e-5;

    private float[] _inputs = [];
    private float[] _outputs = [];
    private PlainRecurrentNetwork? _plainLoop;

    [Params(RecurrentCell.Gru, RecurrentCell.Lstm)]
    public RecurrentCell Cell { get; set; }

    public RecurrentShape Shape => new(Cell, Inputs: 1, Hidden, Outputs: 1);

    [GlobalSetup]
    public void Setup()
    {
        RecurrentShape shape = Shape;
        float[] parameters = shape.Parameters(WeightSeed);
        _inputs = shape.Sequence(Steps, SequenceSeed);
        _outputs = new float[Steps * shape.Outputs];
        _plainLoop = new PlainRecurrentNetwork(shape, parameters);

        float[] expected = ReferenceOutputs(shape, parameters, _inputs.AsSpan(0, CheckSteps * shape.Inputs));
        SetUpUnrolled(shape, parameters, expected);
        SetUpPeers(shape, parameters, expected);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _plainLoop?.Dispose();
        CleanUpPeers();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public double PlainLoop() => RunBlock(_plainLoop!);

    /// <summary>The generated network of the same shape: Step per row, from the same parameters.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public double Unrolled() => RunBlock(_unrolled!);

    /// <summary>Throws unless the stepper, from a zero state, writes the plain loop's outputs.</summary>
    public static void RequireSameOutputs(string implementation, IRecurrentStepper stepper, ReadOnlySpan<float> inputs, float[] expected)
    {
        ArgumentNullException.ThrowIfNull(stepper);
        ArgumentNullException.ThrowIfNull(expected);
        var actual = new float[expected.Length];
        stepper.Reset();
        stepper.Run(inputs, actual);
        stepper.Reset();
        double scale = expected.Max(v => Math.Abs((double)v));
        int worst = 0;
        for (int t = 1; t < expected.Length; t++)
        {
            if (!(Math.Abs(actual[t] - expected[t]) <= Math.Abs(actual[worst] - expected[worst])))
            {
                worst = t;
            }
        }

        double difference = Math.Abs(actual[worst] - expected[worst]) / scale;
        if (!(difference <= CheckTolerance))
        {
            throw new InvalidOperationException(
                $"{nameof(Issue22Step)}: {implementation} differs from the plain loop by {difference:E2} of the largest output (step {worst}: {actual[worst]:R} against {expected[worst]:R}); allowed {CheckTolerance:E0}. Its weights or gate order do not match the plain loop's.");
        }

        Console.WriteLine($"// {nameof(Issue22Step)}: {implementation} within {difference:E2} of the plain loop over {expected.Length} steps (relative to the largest output; allowed {CheckTolerance:E0}).");
    }

    private static float[] ReferenceOutputs(RecurrentShape shape, float[] parameters, ReadOnlySpan<float> inputs)
    {
        using var reference = new PlainRecurrentNetwork(shape, parameters);
        var outputs = new float[inputs.Length / shape.Inputs * shape.Outputs];
        reference.Run(inputs, outputs);
        return outputs;
    }

    /// <summary>One invocation: the block of steps over the fixed inputs; returns the last output.</summary>
    public double RunBlock(IRecurrentStepper stepper)
    {
        ArgumentNullException.ThrowIfNull(stepper);
        stepper.Run(_inputs, _outputs);
        return _outputs[^1];
    }

    partial void SetUpUnrolled(RecurrentShape shape, float[] parameters, float[] expected);

    partial void SetUpPeers(RecurrentShape shape, float[] parameters, float[] expected);

    partial void CleanUpPeers();
}
