using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Runtime;

/// <summary>
/// ExportOnnx writes a model that ONNX Runtime loads and that computes what Predict computes: to
/// 1e-12 in double and 1e-6 in float, on random inputs, for every activation and both layouts.
/// </summary>
public sealed class OnnxExportTests
{
    public static TheoryData<int, int> Networks() =>
        [.. Enumerable.Range(0, OptionNetworks.Configurations.Count).SelectMany(c => Enumerable.Range(0, OptionNetworks.Topologies.Count).Select(t => (c, t)))];

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_exported_model_computes_what_Predict_computes(int configuration, int topology)
    {
        INetwork network = OptionNetworks.Create(configuration, topology);
        network.Randomize((ulong)configuration + 3);
        using var model = new MemoryStream();
        network.ExportOnnx(model);

        const int Rows = 16;
        var random = new Random(configuration);
        double[] inputs = [.. Enumerable.Range(0, Rows * network.InputCount).Select(_ => (random.NextDouble() * 6) - 3)];
        double[] exported;
        if (OptionNetworks.Configurations[configuration].ActivationsFor(OptionNetworks.Topologies[topology]).Contains(Activation.GELU))
        {
            // ONNX Runtime has no double Erf kernel: a double GELU export is run by the operators' definitions.
            exported = Unrolled.Tests.Onnx.OnnxGraphEvaluator.Run(model.ToArray(), inputs, Rows);
        }
        else
        {
            using var session = new InferenceSession(model.ToArray());
            var input = new DenseTensor<double>(inputs, [Rows, network.InputCount]);
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
            exported = [.. results.Single(r => r.Name == "output").AsEnumerable<double>()];
        }

        double[] expected = new double[network.OutputCount];
        for (int row = 0; row < Rows; row++)
        {
            network.Predict(inputs.AsSpan(row * network.InputCount, network.InputCount), expected);
            for (int k = 0; k < expected.Length; k++)
            {
                double actual = exported[(row * network.OutputCount) + k];
                Assert.True(Math.Abs(actual - expected[k]) <= 1e-12,
                    $"{OptionNetworks.Describe(configuration, topology)}: row {row} output {k}: ONNX {actual:R}, Predict {expected[k]:R}");
            }
        }
    }

    [Fact]
    public void A_float_model_computes_what_Predict_computes()
    {
        var network = new SingleScaleNetwork();
        network.Randomize(4);
        using var model = new MemoryStream();
        network.ExportOnnx(model);
        var random = new Random(1);
        float[] inputs = [.. Enumerable.Range(0, 8 * SingleScaleNetwork.InputCount).Select(_ => (float)random.NextDouble())];
        using var session = new InferenceSession(model.ToArray());
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results =
            session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(inputs, [8, SingleScaleNetwork.InputCount]))]);
        float[] exported = [.. results.Single().AsEnumerable<float>()];
        float[] expected = new float[SingleScaleNetwork.OutputCount];
        for (int row = 0; row < 8; row++)
        {
            network.Predict(inputs.AsSpan(row * SingleScaleNetwork.InputCount, SingleScaleNetwork.InputCount), expected);
            for (int k = 0; k < expected.Length; k++)
            {
                Assert.True(Math.Abs(exported[(row * SingleScaleNetwork.OutputCount) + k] - expected[k]) <= 1e-6f, $"row {row} output {k}");
            }
        }
    }
}
