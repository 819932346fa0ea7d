extern alias runtime;

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Unrolled.Tests.Recurrent;
using OnnxGraph = runtime::Unrolled.Onnx.OnnxGraph;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// ExportOnnx of a recurrent network, from each PyTorch fixture's parameters: the float exports run in ONNX
/// Runtime, the double ones in the test's own evaluation of the standard operators (ONNX Runtime has no
/// double GRU or LSTM kernel), and over the fixture's 50-step stream both give what Step gives, to 1e-5 in
/// float and 1e-12 in double. The graph has the structure torch.onnx.export writes.
/// </summary>
public sealed class RecurrentOnnxExportTests
{
    public static TheoryData<string> SingleFixtures => [.. RecurrentFixtures.Names.Where(name => name.EndsWith("_single", StringComparison.Ordinal))];

    public static TheoryData<string> DoubleFixtures => [.. RecurrentFixtures.Names.Where(name => name.EndsWith("_double", StringComparison.Ordinal))];

    public static TheoryData<string> Fixtures => [.. RecurrentFixtures.Names];

    [Theory]
    [MemberData(nameof(SingleFixtures))]
    public void A_float_export_runs_in_onnx_runtime_to_Steps_outputs_over_fifty_steps(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        RecurrentOnnxNetwork network = RecurrentOnnxNetwork.For(fixture);
        network.SetParameters(fixture.Parameters);

        byte[] model = network.Export();
        double[][] onnx = RunInOnnxRuntime(model, fixture.Stream.Inputs, network.OutputCount);

        double[][] steps = network.Steps(fixture.Stream.Inputs);
        for (int t = 0; t < steps.Length; t++)
        {
            TorchRecurrentFixtureTests.AssertClose(fixture, $"step {t} (ONNX Runtime against Step)", onnx[t], steps[t]);
        }
    }

    [Theory]
    [MemberData(nameof(DoubleFixtures))]
    public void A_double_export_evaluated_by_the_standard_operators_gives_Steps_outputs_over_fifty_steps(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        RecurrentOnnxNetwork network = RecurrentOnnxNetwork.For(fixture);
        network.SetParameters(fixture.Parameters);

        byte[] model = network.Export();
        double[][] evaluated = OnnxGraphEvaluator.RunSequences(model, [fixture.Stream.Inputs])[0];

        double[][] steps = network.Steps(fixture.Stream.Inputs);
        for (int t = 0; t < steps.Length; t++)
        {
            TorchRecurrentFixtureTests.AssertClose(fixture, $"step {t} (evaluated export against Step)", evaluated[t], steps[t]);
        }
    }

    [Theory]
    [MemberData(nameof(DoubleFixtures))]
    public void Several_sequences_in_one_batch_each_start_from_a_zero_state(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        RecurrentOnnxNetwork network = RecurrentOnnxNetwork.For(fixture);
        network.SetParameters(fixture.Parameters);

        double[][][] evaluated = OnnxGraphEvaluator.RunSequences(network.Export(), fixture.Onnx.Inputs);

        for (int s = 0; s < evaluated.Length; s++)
        {
            double[][] steps = network.Steps(fixture.Onnx.Inputs[s]);
            for (int t = 0; t < steps.Length; t++)
            {
                TorchRecurrentFixtureTests.AssertClose(fixture, $"sequence {s} step {t}", evaluated[s][t], steps[t]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_graph_is_the_one_torch_writes_without_its_state_arithmetic(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        RecurrentOnnxNetwork network = RecurrentOnnxNetwork.For(fixture);
        network.SetParameters(fixture.Parameters);

        OnnxGraph graph = OnnxGraph.Read(network.Export());

        // torch's ops with the Shape, Gather, ..., Slice that compute its zero initial state left out.
        string[] state = ["Shape", "Constant", "Gather", "Unsqueeze", "Concat", "ConstantOfShape", "Slice"];
        Assert.Equal(fixture.Onnx.Ops.Where(op => !state.Contains(op)), graph.Nodes.Select(node => node.OpType));
        Assert.All(graph.Nodes.Where(node => node.OpType == "GRU"), node => Assert.Equal(1, node.Attributes["linear_before_reset"].I));
        Assert.All(graph.Nodes.Where(node => node.OpType is "GRU" or "LSTM"),
            node => Assert.Equal(fixture.Layers[1], node.Attributes["hidden_size"].I));
    }

    // Outputs the fixtures do not have: Tanh (one node), LeakyReLU (LeakyRelu in float, Mul and Max in double), GELU,
    // ReLU; and cells of different sizes, one after another.
    public static TheoryData<string, int[], string, Precision> OtherOutputs => new()
    {
        { "GRU", [2, 5, 3], "Tanh", Precision.Double },
        { "GRU", [2, 5, 3], "Tanh", Precision.Single },
        { "LSTM", [2, 4, 4, 2], "LeakyReLU", Precision.Double },
        { "LSTM", [2, 4, 4, 2], "LeakyReLU", Precision.Single },
        { "GRU", [3, 6, 6, 2], "GELU", Precision.Double },
        { "LSTM", [1, 3, 1], "ReLU", Precision.Single },
        { "GRU", [2, 8, 4, 1], "Sigmoid", Precision.Single },
        { "LSTM", [2, 8, 4, 1], "Sigmoid", Precision.Double },
    };

    [Theory]
    [MemberData(nameof(OtherOutputs))]
    public void Every_output_activation_exports_to_Steps_outputs_and_imports_back_bit_for_bit(string cell, int[] layers, string output, Precision precision)
    {
        RecurrentOnnxNetwork network = RecurrentOnnxNetwork.Create(cell, layers, output, precision);
        network.Randomize(21);
        double[][] sequence = [.. Enumerable.Range(0, 30).Select(t => Enumerable.Range(0, layers[0]).Select(i => ((((t * 7) + (i * 13)) % 33) - 16) / 8.0).ToArray())];

        byte[] model = network.Export();
        double[][] exported = precision == Precision.Single
            ? RunInOnnxRuntime(model, sequence, layers[^1])
            : OnnxGraphEvaluator.RunSequences(model, [sequence])[0];

        double[][] steps = network.Steps(sequence);
        double tolerance = precision == Precision.Single ? 1e-5 : 1e-12;
        for (int t = 0; t < steps.Length; t++)
        {
            for (int k = 0; k < steps[t].Length; k++)
            {
                Assert.True(Math.Abs(exported[t][k] - steps[t][k]) <= tolerance * Math.Max(1, Math.Abs(steps[t][k])), $"step {t} output {k}: export {exported[t][k]:R}, Step {steps[t][k]:R}");
            }
        }

        RecurrentOnnxNetwork imported = RecurrentOnnxNetwork.Create(cell, layers, output, precision);
        imported.Import(model);
        Assert.Equal(network.ParameterBits(), imported.ParameterBits());
    }

    internal static double[][] RunInOnnxRuntime(byte[] model, double[][] sequence, int outputs)
    {
        int steps = sequence.Length, inputs = sequence[0].Length;
        float[] data = [.. sequence.SelectMany(row => row).Select(value => (float)value)];
        using var session = new InferenceSession(model);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results =
            session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(data, [1, steps, inputs]))]);
        float[] flat = [.. results.Single(result => result.Name == "output").AsEnumerable<float>()];
        Assert.Equal(steps * outputs, flat.Length);
        return [.. Enumerable.Range(0, steps).Select(t => flat.Skip(t * outputs).Take(outputs).Select(value => (double)value).ToArray())];
    }
}
