using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Recurrent;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// <c>[Network(..., Cell = Cell.GRU, Weights = "model.onnx")]</c> of what torch.onnx.export writes for nn.GRU and
/// nn.LSTM with nn.Linear: the frozen network holds the parameters ImportOnnx sets and steps bit for bit as the
/// imported network does, in both precisions, one and two layers.
/// </summary>
public sealed class RecurrentFrozenFromOnnxTests
{
    public static TheoryData<string> Fixtures => [.. RecurrentFixtures.Names];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_network_frozen_from_torchs_export_steps_bit_for_bit_as_the_imported_one(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        byte[] model = File.ReadAllBytes(fixture.Onnx.Path);
        RecurrentOnnxNetwork imported = RecurrentOnnxNetwork.For(fixture);
        imported.Import(model);

        string source = $$"""
            using Unrolled;
            namespace Demo;
            [Network({{string.Join(", ", fixture.Layers)}}, Cell = Cell.{{fixture.Cell}}, Output = Activation.{{fixture.Output}}, Precision = Precision.{{fixture.Precision}}, Weights = "model.onnx")]
            public partial class Frozen;
            """;
        GeneratorRun run = GeneratorHarness.Run([new InMemoryAdditionalText("/project/model.onnx", Convert.ToBase64String(model))], source);
        Assert.Empty(run.GeneratorDiagnostics);
        object frozen = NetworkAssembly.Build(run).CreateObject("Demo.Frozen");

        double[][] expected = imported.Steps(fixture.Stream.Inputs);
        double[][] actual = Steps(frozen, fixture.Stream.Inputs);
        for (int t = 0; t < expected.Length; t++)
        {
            Assert.Equal(expected[t].Select(BitConverter.DoubleToInt64Bits), actual[t].Select(BitConverter.DoubleToInt64Bits));
        }
    }

    private static double[][] Steps(object network, double[][] inputs)
    {
        var outputs = new double[inputs.Length][];
        if (network is ISingleRecurrentPredictor single)
        {
            for (int t = 0; t < inputs.Length; t++)
            {
                float[] output = new float[single.OutputCount];
                single.Step([.. inputs[t].Select(v => (float)v)], output);
                outputs[t] = [.. output.Select(v => (double)v)];
            }

            return outputs;
        }

        var predictor = (IRecurrentPredictor)network;
        for (int t = 0; t < inputs.Length; t++)
        {
            outputs[t] = new double[predictor.OutputCount];
            predictor.Step(inputs[t], outputs[t]);
        }

        return outputs;
    }
}
