using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Recurrent;

/// <summary>
/// The generated recurrent networks against PyTorch (Fixtures/Torch/Recurrent, made by make_recurrent_fixtures.py
/// with Debian's python3-torch): from PyTorch's parameters, Step over a 50-step sequence gives PyTorch's outputs,
/// and one TrainSequence or TrainSequenceBatch SGD step gives PyTorch's loss and parameters, to 1e-12 in double
/// and 1e-5 in float.
/// </summary>
public sealed class TorchRecurrentStepTests
{
    private static readonly Dictionary<string, NetworkAssembly> s_assemblies = [];

    public static TheoryData<string> Fixtures => [.. RecurrentFixtures.Names];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Step_over_fifty_steps_gives_torchs_outputs(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        Runner network = Create(fixture);
        network.SetParameters(fixture.Parameters);
        for (int t = 0; t < fixture.Stream.Inputs.Length; t++)
        {
            double[] output = network.Step(fixture.Stream.Inputs[t]);
            AssertClose(fixture, fixture.Stream.Outputs[t], output, $"step {t}");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void One_TrainSequence_step_is_torchs(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        Runner network = Create(fixture);
        network.SetParameters(fixture.Parameters);
        double loss = network.TrainSequence(fixture.Sequence.FlatInputs, fixture.Sequence.FlatTargets, fixture.LearningRate);
        AssertClose(fixture, [fixture.Sequence.Loss], [loss], "loss");
        AssertClose(fixture, fixture.Sequence.ParametersAfter, network.Parameters(), "parameters after the step");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void One_TrainSequenceBatch_step_is_torchs(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        Runner network = Create(fixture);
        network.SetParameters(fixture.Parameters);
        double loss = network.TrainSequenceBatch(fixture.Batch.FlatInputs, fixture.Batch.FlatTargets, fixture.Batch.SequenceLength, fixture.LearningRate);
        AssertClose(fixture, [fixture.Batch.Loss], [loss], "loss");
        AssertClose(fixture, fixture.Batch.ParametersAfter, network.Parameters(), "parameters after the step");
    }

    private static void AssertClose(RecurrentFixture fixture, double[] expected, double[] actual, string what)
    {
        double tolerance = fixture.Precision == Precision.Double ? 1e-12 : 1e-5;
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double difference = Math.Abs(expected[i] - actual[i]) / Math.Max(1, Math.Abs(expected[i]));
            Assert.True(difference <= tolerance, $"{fixture.Name}, {what}, value {i}: torch {expected[i]:R}, Unrolled {actual[i]:R}");
        }
    }

    private static Runner Create(RecurrentFixture fixture)
    {
        string attribute = $"[Network({string.Join(", ", fixture.Layers)}, Cell = Cell.{fixture.Cell}, Output = Activation.{fixture.Output}, " +
            $"Loss = Loss.{fixture.Loss}, Precision = Precision.{fixture.Precision})]";
        NetworkAssembly assembly;
        lock (s_assemblies)
        {
            if (!s_assemblies.TryGetValue(attribute, out assembly!))
            {
                assembly = NetworkAssembly.Build($$"""
                    using Unrolled;
                    {{attribute}}
                    public partial class Net { }
                    """);
                s_assemblies[attribute] = assembly;
            }
        }

        object network = assembly.CreateObject("Net");
        return network is ISingleRecurrentNetwork single ? new SingleRunner(single) : new DoubleRunner((IRecurrentNetwork)network);
    }

    // Both precisions through one shape: a float network is fed the fixture's float32 values exactly.
    private abstract class Runner
    {
        public abstract void SetParameters(double[] parameters);

        public abstract double[] Step(double[] input);

        public abstract double TrainSequence(double[] inputs, double[] targets, double learningRate);

        public abstract double TrainSequenceBatch(double[] inputs, double[] targets, int sequenceLength, double learningRate);

        public abstract double[] Parameters();
    }

    private sealed class DoubleRunner(IRecurrentNetwork network) : Runner
    {
        public override void SetParameters(double[] parameters) => network.SetParameters(parameters);

        public override double[] Step(double[] input)
        {
            double[] output = new double[network.OutputCount];
            network.Step(input, output);
            return output;
        }

        public override double TrainSequence(double[] inputs, double[] targets, double learningRate) => network.TrainSequence(inputs, targets, learningRate);

        public override double TrainSequenceBatch(double[] inputs, double[] targets, int sequenceLength, double learningRate) =>
            network.TrainSequenceBatch(inputs, targets, sequenceLength, learningRate);

        public override double[] Parameters()
        {
            double[] parameters = new double[network.ParameterCount];
            network.CopyParametersTo(parameters);
            return parameters;
        }
    }

    private sealed class SingleRunner(ISingleRecurrentNetwork network) : Runner
    {
        public override void SetParameters(double[] parameters) => network.SetParameters(Floats(parameters));

        public override double[] Step(double[] input)
        {
            float[] output = new float[network.OutputCount];
            network.Step(Floats(input), output);
            return [.. output.Select(v => (double)v)];
        }

        public override double TrainSequence(double[] inputs, double[] targets, double learningRate) =>
            network.TrainSequence(Floats(inputs), Floats(targets), (float)learningRate);

        public override double TrainSequenceBatch(double[] inputs, double[] targets, int sequenceLength, double learningRate) =>
            network.TrainSequenceBatch(Floats(inputs), Floats(targets), sequenceLength, (float)learningRate);

        public override double[] Parameters()
        {
            float[] parameters = new float[network.ParameterCount];
            network.CopyParametersTo(parameters);
            return [.. parameters.Select(v => (double)v)];
        }

        private static float[] Floats(double[] values) => [.. values.Select(v => (float)v)];
    }
}
