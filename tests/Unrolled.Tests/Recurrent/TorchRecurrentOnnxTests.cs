using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Unrolled.Tests.Recurrent;

/// <summary>
/// The float .onnx files torch.onnx.export wrote run in ONNX Runtime to PyTorch's outputs, whatever the
/// number of sequences and their length (both axes are dynamic): the files the import tests read are
/// what the fixtures say they are. ONNX Runtime has no double GRU/LSTM kernels, so only the _single files.
/// </summary>
public sealed class TorchRecurrentOnnxTests
{
    public static TheoryData<string> SingleFixtures => [.. RecurrentFixtures.Names.Where(name => name.EndsWith("_single", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(SingleFixtures))]
    public void Onnx_runtime_gives_torchs_outputs_on_three_sequences_of_seven_steps(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);

        double[][][] outputs = Run(fixture, fixture.Onnx.Inputs);

        AssertOutputs(fixture, "onnx sequences", outputs, fixture.Onnx.Outputs);
    }

    [Theory]
    [MemberData(nameof(SingleFixtures))]
    public void Onnx_runtime_gives_torchs_outputs_over_the_fifty_step_stream(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);

        double[][][] outputs = Run(fixture, [fixture.Stream.Inputs]);

        AssertOutputs(fixture, "stream", outputs, [fixture.Stream.Outputs]);
    }

    private static double[][][] Run(RecurrentFixture fixture, double[][][] sequences)
    {
        int count = sequences.Length, steps = sequences[0].Length, inputs = fixture.Layers[0], outputs = fixture.Layers[^1];
        float[] data = [.. sequences.SelectMany(sequence => sequence.SelectMany(row => row)).Select(value => (float)value)];
        using var session = new InferenceSession(fixture.Onnx.Path);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results =
            session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(data, [count, steps, inputs]))]);
        float[] flat = [.. results.Single(result => result.Name == "output").AsEnumerable<float>()];
        Assert.Equal(count * steps * outputs, flat.Length);
        return [.. Enumerable.Range(0, count).Select(s => Enumerable.Range(0, steps)
            .Select(t => flat.Skip(((s * steps) + t) * outputs).Take(outputs).Select(value => (double)value).ToArray()).ToArray())];
    }

    private static void AssertOutputs(RecurrentFixture fixture, string what, double[][][] onnx, double[][][] torch)
    {
        Assert.Equal(torch.Length, onnx.Length);
        for (int s = 0; s < torch.Length; s++)
        {
            Assert.Equal(torch[s].Length, onnx[s].Length);
            for (int t = 0; t < torch[s].Length; t++)
            {
                TorchRecurrentFixtureTests.AssertClose(fixture, $"{what} {s} step {t} (ONNX Runtime)", onnx[s][t], torch[s][t]);
            }
        }
    }
}
