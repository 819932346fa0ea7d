using Unrolled;

namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>Issue 22's GRU-16: one input, 16 units, one linear output, float, as every peer runs it.</summary>
[Network(1, 16, 1, Cell = Cell.GRU, Output = Activation.Linear, Precision = Precision.Single)]
public sealed partial class Gru16;

/// <summary>Issue 22's LSTM-16, the GRU-16's twin.</summary>
[Network(1, 16, 1, Cell = Cell.LSTM, Output = Activation.Linear, Precision = Precision.Single)]
public sealed partial class Lstm16;

/// <summary>Issue 22's training workload: a GRU-32 with a linear output.</summary>
[Network(1, 32, 1, Cell = Cell.GRU, Output = Activation.Linear, Precision = Precision.Single)]
public sealed partial class Gru32;

/// <summary>A generated network behind the benchmark's stepper interface: Step on the concrete type, one call per row.</summary>
public sealed class UnrolledStepper<TNetwork>(TNetwork network) : IRecurrentStepper
    where TNetwork : ISingleRecurrentNetwork
{
    public void Reset() => network.ResetState();

    public void Run(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        for (int t = 0; t < inputs.Length; t++)
        {
            network.Step(inputs.Slice(t, 1), outputs.Slice(t, 1));
        }
    }

    public void Dispose()
    {
    }
}

public partial class Issue22Step
{
    private IRecurrentStepper? _unrolled;

    partial void SetUpUnrolled(RecurrentShape shape, float[] parameters, float[] expected)
    {
        _unrolled = shape.Cell switch
        {
            RecurrentCell.Gru => Stepper(new Gru16(), parameters),
            RecurrentCell.Lstm => Stepper(new Lstm16(), parameters),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape.Cell, "No generated network for this cell."),
        };
        RequireSameOutputs("Unrolled", _unrolled, _inputs.AsSpan(0, expected.Length * shape.Inputs / shape.Outputs), expected);
    }

    private static UnrolledStepper<TNetwork> Stepper<TNetwork>(TNetwork network, float[] parameters)
        where TNetwork : ISingleRecurrentNetwork
    {
        network.SetParameters(parameters);
        return new UnrolledStepper<TNetwork>(network);
    }
}

public partial class Issue22Train
{
    private readonly Gru32 _unrolled = new();

    partial void SetUpUnrolled(RecurrentShape shape, float[] start, double expectedLoss, float[] expectedChange)
    {
        var check = new Gru32();
        check.SetParameters(start);
        double loss = check.TrainSequenceBatch(_inputs, _targets, SequenceLength, LearningRate);
        float[] after = new float[Gru32.ParameterCount];
        check.CopyParametersTo(after);
        RequireSameStep("Unrolled", loss, [.. after.Zip(start, (a, b) => a - b)], expectedLoss, expectedChange);
        _unrolled.SetParameters(start);
    }
}
