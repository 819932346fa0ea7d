using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// The PyTorch fixtures (Fixtures/Torch) checked against a plain C# reference before the generator is
/// held to them: PyTorch's outputs, losses, gradients and SGD steps must be what the formulas give.
/// Double cases agree to 1e-12, float32 cases (PyTorch in float32, the reference in double) to 1e-5,
/// relative to the larger of 1 and the value.
/// </summary>
public sealed class TorchFixtureSelfTests
{
    public static TheoryData<string> Fixtures => [.. TorchFixtures.Names];

    [Fact]
    public void Every_case_is_there_in_both_precisions()
    {
        string[] cases =
        [
            "gelu_linear_3_5_2", "silu_sigmoid_3_5_2", "silu_sigmoid_ce_3_5_2", "gelu_silu_softmax_4_6_5_3",
            "relu_tanh_softmax_4_16_8_3", "tanh_gelu_linear_2_4_3_1", "silu_gelu_2_3_1", "leakyrelu_sigmoid_2_4_1",
        ];
        string[] expected = [.. cases.SelectMany(name => new[] { name + "_double", name + "_single" }).Order(StringComparer.Ordinal)];

        Assert.Equal(expected, TorchFixtures.Names);
        foreach (string name in expected)
        {
            TorchFixture fixture = TorchFixtures.Load(name);
            Assert.Equal(name, fixture.Name);
            Assert.Equal(name.EndsWith("_double", StringComparison.Ordinal) ? Precision.Double : Precision.Single, fixture.Precision);
            Assert.Equal(fixture.Layers.Length - 1, fixture.Activations.Length);
            Assert.True(File.Exists(fixture.Onnx.Path), $"{name}: {fixture.Onnx.Path} is missing.");
        }
    }

    [Fact]
    public void The_series_erf_matches_tabulated_values()
    {
        // erf to 16 digits (Abramowitz and Stegun, table 7.1, and its higher-precision reprints).
        (double X, double Erf)[] table =
        [
            (0.0, 0.0), (0.1, 0.1124629160182849), (0.5, 0.5204998778130465), (1.0, 0.8427007929497149),
            (1.5, 0.9661051464753108), (2.0, 0.9953222650189527), (3.0, 0.9999779095030014), (-2.0, -0.9953222650189527),
        ];
        foreach ((double x, double erf) in table)
        {
            Assert.True(Math.Abs(PlainLayeredNetwork.Erf(x) - erf) <= 1e-15, $"erf({x}) = {PlainLayeredNetwork.Erf(x):R}, expected {erf:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void One_row_output_loss_gradient_and_step_agree_with_the_plain_reference(string name)
    {
        TorchFixture fixture = TorchFixtures.Load(name);
        AssertStepAgrees(fixture, fixture.Sample, "sample");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Batch_mean_loss_mean_gradient_and_step_agree_with_the_plain_reference(string name)
    {
        TorchFixture fixture = TorchFixtures.Load(name);
        Assert.True(fixture.Batch.Inputs.Length > 1, $"{name}: the batch has {fixture.Batch.Inputs.Length} rows.");
        AssertStepAgrees(fixture, fixture.Batch, "batch");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_step_is_plain_sgd_on_the_recorded_gradient_bit_for_bit(string name)
    {
        // lr is a power of two, so lr * g is exact and w - lr * g rounds once: PyTorch's step, to the bit.
        TorchFixture fixture = TorchFixtures.Load(name);
        foreach ((string part, TorchStep step) in new[] { ("sample", fixture.Sample), ("batch", fixture.Batch) })
        {
            for (int p = 0; p < fixture.ParametersBefore.Length; p++)
            {
                double after = fixture.ParametersBefore[p] - (fixture.LearningRate * step.Gradient[p]);
                double expected = fixture.Precision == Precision.Single ? (float)after : after;
                Assert.True(expected == step.ParametersAfter[p], $"{name} {part}: parameter {p} is {step.ParametersAfter[p]:R} after the step, w - lr * g is {expected:R}.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_exported_models_outputs_agree_with_the_plain_forward_pass(string name)
    {
        TorchFixture fixture = TorchFixtures.Load(name);
        var network = Plain(fixture);
        for (int row = 0; row < fixture.Onnx.Inputs.Length; row++)
        {
            AssertClose(fixture, $"onnx row {row} output", network.Forward(fixture.Onnx.Inputs[row]).A[^1], fixture.Onnx.Outputs[row]);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_exported_operators_are_each_layers_gemm_and_activation(string name)
    {
        // What torch.onnx.export writes for each activation, Constant nodes left out (see the README).
        TorchFixture fixture = TorchFixtures.Load(name);
        string[] expected = [.. fixture.Activations.SelectMany(activation => new[] { "Gemm" }.Concat(OnnxOperators(activation)))];

        Assert.Equal(expected, fixture.Onnx.Ops.Where(op => op != "Constant"));
        Assert.Equal(14, fixture.Onnx.Opset);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_gelu_and_silu_layer_sees_z_below_minus_one_and_above_one(string name)
    {
        TorchFixture fixture = TorchFixtures.Load(name);
        var network = Plain(fixture);
        double[][][] zs = [.. fixture.Onnx.Inputs.Select(row => network.Forward(row).Z)];
        for (int l = 1; l < fixture.Layers.Length; l++)
        {
            if (fixture.Activations[l - 1] is "GELU" or "SiLU")
            {
                double[] layer = [.. zs.SelectMany(z => z[l])];
                Assert.True(layer.Min() < -1 && layer.Max() > 1, $"{name}: layer {l} ({fixture.Activations[l - 1]}) sees z only in [{layer.Min()}, {layer.Max()}].");
            }
        }
    }

    private static void AssertStepAgrees(TorchFixture fixture, TorchStep step, string part)
    {
        var network = Plain(fixture);
        int rows = step.Inputs.Length;
        double meanLoss = 0;
        double[] meanGradient = new double[fixture.ParametersBefore.Length];
        for (int row = 0; row < rows; row++)
        {
            (double[][] z, double[][] a) = network.Forward(step.Inputs[row]);
            AssertClose(fixture, $"{part} row {row} output", a[^1], step.OutputsBefore[row]);
            meanLoss += network.Loss(z[^1], a[^1], step.Targets[row]) / rows;
            double[] gradient = network.Gradient(z, a, step.Targets[row]);
            for (int p = 0; p < gradient.Length; p++)
            {
                meanGradient[p] += gradient[p] / rows;
            }
        }

        AssertClose(fixture, $"{part} loss", [meanLoss], [step.LossBefore]);
        AssertClose(fixture, $"{part} gradient", meanGradient, step.Gradient);
        double[] after = [.. fixture.ParametersBefore.Select((w, p) => w - (fixture.LearningRate * meanGradient[p]))];
        AssertClose(fixture, $"{part} parameters after the step", after, step.ParametersAfter);
    }

    private static void AssertClose(TorchFixture fixture, string what, double[] reference, double[] torch)
    {
        double tolerance = fixture.Precision switch
        {
            Precision.Double => 1e-12,
            Precision.Single => 1e-5,
            _ => throw new ArgumentOutOfRangeException(nameof(fixture), fixture.Precision, "Unknown precision."),
        };
        Assert.Equal(reference.Length, torch.Length);
        for (int k = 0; k < reference.Length; k++)
        {
            double difference = Math.Abs(reference[k] - torch[k]);
            Assert.True(difference <= tolerance * Math.Max(1, Math.Abs(torch[k])), $"{fixture.Name} {what}[{k}]: PyTorch {torch[k]:R}, reference {reference[k]:R}, difference {difference:E2} over {tolerance:E0}.");
        }
    }

    private static PlainLayeredNetwork Plain(TorchFixture fixture) =>
        new(fixture.Layers, fixture.Activations, fixture.Loss, fixture.ParametersBefore);

    private static string[] OnnxOperators(string activation) => activation switch
    {
        "Sigmoid" => ["Sigmoid"],
        "Tanh" => ["Tanh"],
        "ReLU" => ["Relu"],
        "LeakyReLU" => ["LeakyRelu"],
        "Linear" => [],
        "Softmax" => ["Softmax"],
        "GELU" => ["Div", "Erf", "Add", "Mul", "Mul"],
        "SiLU" => ["Sigmoid", "Mul"],
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "No ONNX operators known for this activation."),
    };
}
