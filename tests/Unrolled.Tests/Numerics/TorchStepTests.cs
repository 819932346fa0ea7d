using System.Globalization;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// Generated networks against PyTorch (Fixtures/Torch, made by make_activation_fixtures.py with
/// Debian's python3-torch): layers whose activations differ, GELU and SiLU. From PyTorch's
/// parameters, one Train and one TrainBatch SGD step give PyTorch's loss and PyTorch's parameters
/// (1e-12 in double, 1e-5 in float), and ImportOnnx of PyTorch's export gives its parameters and outputs.
/// </summary>
public sealed class TorchStepTests
{
    private static readonly Lazy<NetworkAssembly> s_assembly = new(() => NetworkAssembly.Build(Source()));

    public static TheoryData<string> Cases => [.. TorchFixtures.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_Train_step_from_PyTorchs_parameters_is_PyTorchs_step(string name)
    {
        TorchFixture fixture = TorchFixtures.Load(name);
        Trainer network = Create(name, fixture);
        double loss = network.Train(fixture.Sample.Inputs[0], fixture.Sample.Targets[0], fixture.LearningRate);

        AssertClose(fixture, [fixture.Sample.LossBefore], [loss], "loss");
        AssertClose(fixture, fixture.Sample.ParametersAfter, network.Parameters(), "parameters after the step");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_TrainBatch_step_from_PyTorchs_parameters_is_PyTorchs_step(string name)
    {
        TorchFixture fixture = TorchFixtures.Load(name);
        Trainer network = Create(name, fixture);
        double loss = network.TrainBatch([.. fixture.Batch.Inputs.SelectMany(row => row)], [.. fixture.Batch.Targets.SelectMany(row => row)], fixture.LearningRate);

        AssertClose(fixture, [fixture.Batch.LossBefore], [loss], "mean loss");
        AssertClose(fixture, fixture.Batch.ParametersAfter, network.Parameters(), "parameters after the step");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ImportOnnx_of_PyTorchs_export_gives_its_parameters_and_outputs(string name)
    {
        TorchFixture fixture = TorchFixtures.Load(name);
        Trainer network = Create(name, fixture);
        using (FileStream model = File.OpenRead(Path.Combine(TorchFixtures.Directory, Path.GetFileName(fixture.Onnx.Path))))
        {
            network.ImportOnnx(model);
        }

        Assert.Equal(fixture.ParametersBefore, network.Parameters());
        for (int row = 0; row < fixture.Onnx.Inputs.Length; row++)
        {
            AssertClose(fixture, fixture.Onnx.Outputs[row], network.Predict(fixture.Onnx.Inputs[row]), $"output of row {row}", exportTolerance: true);
        }
    }

    private static void AssertClose(TorchFixture fixture, double[] expected, double[] actual, string what, bool exportTolerance = false)
    {
        // Float32 exports run by PyTorch in float; the import's double network computes the same numbers more exactly.
        double tolerance = fixture.Precision == Precision.Single || exportTolerance ? 1e-5 : 1e-12;
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{fixture.Name}: {what} [{i}] is {actual[i].ToString("R", CultureInfo.InvariantCulture)}, PyTorch's {expected[i].ToString("R", CultureInfo.InvariantCulture)}");
        }
    }

    private static Trainer Create(string name, TorchFixture fixture)
    {
        object network = s_assembly.Value.CreateObject("Torch." + TypeName(name));
        Trainer trainer = network is INetwork d ? new Trainer(d, null) : new Trainer(null, (ISingleNetwork)network);
        trainer.SetParameters(fixture.ParametersBefore);
        return trainer;
    }

    private static string TypeName(string name) => "N" + name.Replace("-", "_", StringComparison.Ordinal);

    private static string Source()
    {
        var source = new System.Text.StringBuilder("using Unrolled;\nnamespace Torch;\n");
        foreach (string name in TorchFixtures.Names)
        {
            TorchFixture f = TorchFixtures.Load(name);
            string activations = string.Join(", ", f.Activations.Select(a => "Activation." + a));
            source.Append(CultureInfo.InvariantCulture,
                $"[Network({string.Join(", ", f.Layers)}, Activations = new[] {{ {activations} }}, Loss = Loss.{f.Loss}, Precision = Precision.{f.Precision})] public partial class {TypeName(name)};\n");
        }

        return source.ToString();
    }

    // The double and the float network behind one face: doubles in and out, float networks given PyTorch's float32 bits.
    private sealed class Trainer(INetwork? d, ISingleNetwork? s)
    {
        public void SetParameters(double[] values)
        {
            if (d is not null)
            {
                d.SetParameters(values);
            }
            else
            {
                s!.SetParameters([.. values.Select(v => (float)v)]);
            }
        }

        public double[] Parameters()
        {
            if (d is not null)
            {
                double[] values = new double[d.ParameterCount];
                d.CopyParametersTo(values);
                return values;
            }

            float[] floats = new float[s!.ParameterCount];
            s.CopyParametersTo(floats);
            return [.. floats.Select(v => (double)v)];
        }

        public double Train(double[] input, double[] target, double rate) =>
            d is not null ? d.Train(input, target, rate) : s!.Train([.. input.Select(v => (float)v)], [.. target.Select(v => (float)v)], (float)rate);

        public double TrainBatch(double[] inputs, double[] targets, double rate) =>
            d is not null ? d.TrainBatch(inputs, targets, rate) : s!.TrainBatch([.. inputs.Select(v => (float)v)], [.. targets.Select(v => (float)v)], (float)rate);

        public void ImportOnnx(Stream model)
        {
            if (d is not null)
            {
                d.ImportOnnx(model);
            }
            else
            {
                s!.ImportOnnx(model);
            }
        }

        public double[] Predict(double[] input)
        {
            if (d is not null)
            {
                double[] output = new double[d.OutputCount];
                d.Predict(input, output);
                return output;
            }

            float[] single = new float[s!.OutputCount];
            s.Predict([.. input.Select(v => (float)v)], single);
            return [.. single.Select(v => (double)v)];
        }
    }
}
