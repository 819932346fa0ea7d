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
            Assert.True(Math.Abs(PlainNetwork.Erf(x) - erf) <= 1e-15, $"erf({x}) = {PlainNetwork.Erf(x):R}, expected {erf:R}");
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
        var network = new PlainNetwork(fixture);
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
        var network = new PlainNetwork(fixture);
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
        var network = new PlainNetwork(fixture);
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

    /// <summary>
    /// The textbook network in double: loops over layers, one activation per layer, derivatives from z.
    /// Independent of the generator and of ReferenceNetwork, so that it can judge the fixtures.
    /// </summary>
    private sealed class PlainNetwork(TorchFixture fixture)
    {
        private const double LeakySlope = 0.0078125;

        private readonly int[] _layers = fixture.Layers;
        private readonly string[] _activations = fixture.Activations;
        private readonly Loss _loss = fixture.Loss;
        private readonly double[] _parameters = fixture.ParametersBefore;

        /// <summary>erf(x) from 2/sqrt(pi) exp(-x^2) sum_n (2x^2)^n x / (1 * 3 * ... * (2n + 1)): all terms positive, no cancellation.</summary>
        public static double Erf(double x)
        {
            if (Math.Abs(x) > 6)
            {
                return Math.Sign(x); // 1 - erf(6) is 2e-17, below a double's resolution at 1
            }

            double term = x, sum = x;
            for (int n = 1; Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                term *= 2 * x * x / ((2 * n) + 1);
                sum += term;
            }

            return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
        }

        /// <summary>z and a of every layer; [0] holds the input as a and nothing as z.</summary>
        public (double[][] Z, double[][] A) Forward(double[] input)
        {
            var z = new double[_layers.Length][];
            var a = new double[_layers.Length][];
            z[0] = [];
            a[0] = input;
            for (int l = 1; l < _layers.Length; l++)
            {
                z[l] = new double[_layers[l]];
                for (int j = 0; j < _layers[l]; j++)
                {
                    double sum = _parameters[BiasOffset(l) + j];
                    for (int i = 0; i < _layers[l - 1]; i++)
                    {
                        sum += _parameters[WeightOffset(l) + (j * _layers[l - 1]) + i] * a[l - 1][i];
                    }

                    z[l][j] = sum;
                }

                a[l] = Activate(_activations[l - 1], z[l]);
            }

            return (z, a);
        }

        public double Loss(double[] z, double[] o, double[] t)
        {
            double loss = 0;
            for (int k = 0; k < o.Length; k++)
            {
                loss += _loss switch
                {
                    Unrolled.Loss.SquaredError => 0.5 * (o[k] - t[k]) * (o[k] - t[k]),
                    Unrolled.Loss.CrossEntropy => _activations[^1] switch
                    {
                        "Softmax" => -t[k] * (z[k] - LogSumExp(z)),
                        // -(t ln o + (1 - t) ln(1 - o)) from z: max(z, 0) - z t + ln(1 + exp(-|z|))
                        "Sigmoid" => Math.Max(z[k], 0) - (z[k] * t[k]) + Math.Log(1 + Math.Exp(-Math.Abs(z[k]))),
                        _ => throw new NotSupportedException($"CrossEntropy after {_activations[^1]}"),
                    },
                    _ => throw new ArgumentOutOfRangeException(nameof(z), _loss, "Unknown loss."),
                };
            }

            return loss;
        }

        /// <summary>dLoss/dparameter for one row, in Unrolled's order.</summary>
        public double[] Gradient(double[][] z, double[][] a, double[] target)
        {
            var gradient = new double[_parameters.Length];
            int last = _layers.Length - 1;
            double[] delta = OutputDelta(z[last], a[last], target);
            for (int l = last; l >= 1; l--)
            {
                for (int j = 0; j < _layers[l]; j++)
                {
                    gradient[BiasOffset(l) + j] = delta[j];
                    for (int i = 0; i < _layers[l - 1]; i++)
                    {
                        gradient[WeightOffset(l) + (j * _layers[l - 1]) + i] = delta[j] * a[l - 1][i];
                    }
                }

                if (l > 1)
                {
                    var previous = new double[_layers[l - 1]];
                    for (int i = 0; i < _layers[l - 1]; i++)
                    {
                        double sum = 0;
                        for (int j = 0; j < _layers[l]; j++)
                        {
                            sum += _parameters[WeightOffset(l) + (j * _layers[l - 1]) + i] * delta[j];
                        }

                        previous[i] = sum * Derivative(_activations[l - 2], z[l - 1][i]);
                    }

                    delta = previous;
                }
            }

            return gradient;
        }

        private double[] OutputDelta(double[] z, double[] o, double[] t) => _loss switch
        {
            // Cross entropy after its own output activation: the derivative cancels, o - t.
            Unrolled.Loss.CrossEntropy when _activations[^1] is "Softmax" or "Sigmoid" => [.. o.Select((value, k) => value - t[k])],
            Unrolled.Loss.CrossEntropy => throw new NotSupportedException($"CrossEntropy after {_activations[^1]}"),
            Unrolled.Loss.SquaredError when _activations[^1] == "Softmax" => throw new NotSupportedException("SquaredError after Softmax needs the Jacobian; no fixture has it."),
            Unrolled.Loss.SquaredError => [.. o.Select((value, k) => (value - t[k]) * Derivative(_activations[^1], z[k]))],
            _ => throw new ArgumentOutOfRangeException(nameof(z), _loss, "Unknown loss."),
        };

        private static double[] Activate(string activation, double[] z)
        {
            if (activation == "Softmax")
            {
                double logSum = LogSumExp(z);
                return [.. z.Select(value => Math.Exp(value - logSum))];
            }

            return [.. z.Select(value => activation switch
            {
                "Sigmoid" => Sigmoid(value),
                "Tanh" => Math.Tanh(value),
                "ReLU" => Math.Max(value, 0),
                "LeakyReLU" => value > 0 ? value : value * LeakySlope,
                "Linear" => value,
                "GELU" => 0.5 * value * (1 + Erf(value / Math.Sqrt(2))),
                "SiLU" => value * Sigmoid(value),
                _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
            })];
        }

        /// <summary>f'(z) of an element-wise activation.</summary>
        private static double Derivative(string activation, double z) => activation switch
        {
            "Sigmoid" => Sigmoid(z) * (1 - Sigmoid(z)),
            "Tanh" => 1 - (Math.Tanh(z) * Math.Tanh(z)),
            "ReLU" => z > 0 ? 1 : 0,
            "LeakyReLU" => z > 0 ? 1 : LeakySlope,
            "Linear" => 1,
            // d/dz z Phi(z) = Phi(z) + z phi(z), with Phi the normal distribution and phi its density.
            "GELU" => (0.5 * (1 + Erf(z / Math.Sqrt(2)))) + (z * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI)),
            // d/dz z s(z) = s(z) + z s(z) (1 - s(z))
            "SiLU" => Sigmoid(z) * (1 + (z * (1 - Sigmoid(z)))),
            "Softmax" => throw new NotSupportedException("Softmax is not element-wise; only the output layer has it."),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
        };

        private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

        private static double LogSumExp(double[] z)
        {
            double max = z.Max();
            return max + Math.Log(z.Sum(value => Math.Exp(value - max)));
        }

        private int WeightOffset(int layer)
        {
            int offset = 0;
            for (int l = 1; l < layer; l++)
            {
                offset += (_layers[l - 1] + 1) * _layers[l];
            }

            return offset;
        }

        private int BiasOffset(int layer) => WeightOffset(layer) + (_layers[layer - 1] * _layers[layer]);
    }
}
