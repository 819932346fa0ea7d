namespace Unrolled.Tests.Recurrent;

/// <summary>
/// The recurrent PyTorch fixtures (Fixtures/Torch/Recurrent) against the plain reference, before the
/// generator is held to either: PyTorch's outputs over 50 streamed steps, and the loss, gradient and SGD
/// step of TrainSequence and TrainSequenceBatch, must be what <see cref="RecurrentReference"/> computes.
/// Double cases agree to 1e-12, float32 cases (PyTorch in float32, the reference in double) to 1e-5,
/// relative to the larger of 1 and the value.
/// </summary>
public sealed class TorchRecurrentFixtureTests
{
    public static TheoryData<string> Fixtures => [.. RecurrentFixtures.Names];

    [Fact]
    public void Every_case_is_there_in_both_precisions()
    {
        string[] cases =
        [
            "gru_1_16_1", "lstm_1_16_1", "gru_1_8_1", "lstm_3_8_2", "gru_3_8_8_2", "lstm_1_16_16_1",
            "gru_sigmoid_3_16_2", "lstm_sigmoid_ce_1_8_8_2", "gru_softmax_ce_3_16_16_3", "lstm_softmax_ce_3_8_3",
        ];
        string[] expected = [.. cases.SelectMany(name => new[] { name + "_double", name + "_single" }).Order(StringComparer.Ordinal)];

        Assert.Equal(expected, RecurrentFixtures.Names);
        foreach (string name in expected)
        {
            RecurrentFixture fixture = RecurrentFixtures.Load(name);
            Assert.Equal(name, fixture.Name);
            Assert.Equal(name.EndsWith("_double", StringComparison.Ordinal) ? Precision.Double : Precision.Single, fixture.Precision);
            Assert.True(File.Exists(fixture.Onnx.Path), $"{name}: {fixture.Onnx.Path} is missing.");
        }
    }

    [Fact]
    public void The_cases_cover_every_value_of_every_option()
    {
        RecurrentFixture[] fixtures = [.. RecurrentFixtures.Names.Select(RecurrentFixtures.Load)];

        Assert.Equal(["GRU", "LSTM"], fixtures.Select(f => f.Cell).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal([1, 3], fixtures.Select(f => f.Layers[0]).Distinct().Order());
        Assert.Equal([8, 16], fixtures.Select(f => f.Layers[1]).Distinct().Order());
        foreach (string cell in new[] { "GRU", "LSTM" })
        {
            RecurrentFixture[] ofCell = [.. fixtures.Where(f => f.Cell == cell)];
            Assert.Equal([1, 2], ofCell.Select(f => f.Layers.Length - 2).Distinct().Order());
            Assert.Equal([1, 3], ofCell.Select(f => f.Layers[0]).Distinct().Order());
        }

        Assert.Equal(["Linear/SquaredError", "Sigmoid/CrossEntropy", "Sigmoid/SquaredError", "Softmax/CrossEntropy"],
            fixtures.Select(f => $"{f.Output}/{f.Loss}").Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_parameter_count_is_torchs(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);

        Assert.Equal(fixture.Parameters.Length, RecurrentReference.ParameterCount(Cell(fixture), fixture.Layers));
        Assert.Equal(fixture.Parameters.Length, fixture.Sequence.Gradient.Length);
        Assert.Equal(fixture.Parameters.Length, fixture.Batch.Gradient.Length);
    }

    [Fact]
    public void A_gru_16_with_its_dense_output_has_929_parameters_as_the_issue_says()
    {
        Assert.Equal(929, RecurrentReference.ParameterCount(ReferenceCell.GRU, [1, 16, 1]));
        Assert.Equal(929, RecurrentFixtures.Load("gru_1_16_1_double").Parameters.Length);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fifty_steps_from_a_zero_state_give_torchs_outputs_and_final_state(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        RecurrentReference reference = Reference(fixture);
        Assert.Equal(50, fixture.Stream.Inputs.Length);

        for (int t = 0; t < fixture.Stream.Inputs.Length; t++)
        {
            AssertClose(fixture, $"step {t} output", reference.Step(fixture.Stream.Inputs[t]), fixture.Stream.Outputs[t]);
        }

        for (int l = 0; l < fixture.Layers.Length - 2; l++)
        {
            AssertClose(fixture, $"layer {l} final h", reference.HiddenState[l], fixture.Stream.FinalHidden[l]);
            if (fixture.Cell == "LSTM")
            {
                AssertClose(fixture, $"layer {l} final c", reference.CellState[l], fixture.Stream.FinalCell[l]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Reset_state_starts_the_stream_again_from_zero(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        RecurrentReference reference = Reference(fixture);
        foreach (double[] input in fixture.Stream.Inputs.Take(7))
        {
            reference.Step(input);
        }

        reference.ResetState();

        AssertClose(fixture, "step 0 output after ResetState", reference.Step(fixture.Stream.Inputs[0]), fixture.Stream.Outputs[0]);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Train_sequence_loss_gradient_and_step_agree_with_torch(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        Assert.Single(fixture.Sequence.Inputs);
        AssertTrainingAgrees(fixture, fixture.Sequence, "TrainSequence");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Train_sequence_batch_mean_loss_mean_gradient_and_step_agree_with_torch(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        Assert.Equal(4, fixture.Batch.Inputs.Length);
        Assert.All(fixture.Batch.Inputs, sequence => Assert.Equal(fixture.Batch.SequenceLength, sequence.Length));
        AssertTrainingAgrees(fixture, fixture.Batch, "TrainSequenceBatch");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_step_is_plain_sgd_on_the_recorded_gradient_bit_for_bit(string name)
    {
        // lr is a power of two, so lr * g is exact and w - lr * g rounds once: PyTorch's step, to the bit.
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        foreach ((string part, RecurrentTraining training) in new[] { ("sequence", fixture.Sequence), ("batch", fixture.Batch) })
        {
            for (int p = 0; p < fixture.Parameters.Length; p++)
            {
                double after = fixture.Parameters[p] - (fixture.LearningRate * training.Gradient[p]);
                double expected = fixture.Precision == Precision.Single ? (float)after : after;
                Assert.True(expected == training.ParametersAfter[p], $"{name} {part}: parameter {p} is {training.ParametersAfter[p]:R} after the step, w - lr * g is {expected:R}.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_exported_models_outputs_agree_with_the_reference(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        RecurrentReference reference = Reference(fixture);
        for (int s = 0; s < fixture.Onnx.Inputs.Length; s++)
        {
            double[][] outputs = reference.Outputs(fixture.Onnx.Inputs[s]);
            for (int t = 0; t < outputs.Length; t++)
            {
                AssertClose(fixture, $"onnx sequence {s} step {t} output", outputs[t], fixture.Onnx.Outputs[s][t]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_export_holds_one_recurrent_node_per_layer_with_torchs_attributes(string name)
    {
        // What import must read (see the README): one GRU/LSTM node per layer, forward, layout 0 (time first,
        // between two Transposes), hidden_size H, linear_before_reset = 1 on GRU; then MatMul, Add, activation.
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        RecurrentOnnxNode[] recurrent = [.. fixture.Onnx.Nodes.Where(node => node.Op == fixture.Cell)];

        Assert.Equal(14, fixture.Onnx.Opset);
        Assert.Equal(fixture.Layers.Length - 2, recurrent.Length);
        Assert.Equal(fixture.Cell == "GRU" ? "zrh" : "iofc", fixture.Onnx.GateOrder);
        foreach (RecurrentOnnxNode node in recurrent)
        {
            Assert.Equal(fixture.Layers[1], node.Integer("hidden_size"));
            Assert.Equal(fixture.Cell == "GRU" ? 1 : null, node.Integer("linear_before_reset"));
            Assert.Null(node.Integer("layout"));
            Assert.False(node.Attributes.ContainsKey("direction"), $"{name}: {node.Op} names a direction.");
        }

        string[] tail = fixture.Output == "Linear" ? ["Transpose", "MatMul", "Add"] : ["Transpose", "MatMul", "Add", fixture.Output];
        Assert.Equal(tail, fixture.Onnx.Ops.TakeLast(tail.Length));
        Assert.Equal(fixture.Onnx.Ops.Length, fixture.Onnx.Nodes.Length);
    }

    private static void AssertTrainingAgrees(RecurrentFixture fixture, RecurrentTraining training, string part)
    {
        RecurrentReference reference = Reference(fixture);
        for (int s = 0; s < training.Inputs.Length; s++)
        {
            double[][] outputs = reference.Outputs(training.Inputs[s]);
            for (int t = 0; t < outputs.Length; t++)
            {
                AssertClose(fixture, $"{part} sequence {s} step {t} output", outputs[t], training.Outputs[s][t]);
            }
        }

        (double loss, double[] gradient) = reference.BatchGradient(training.Inputs, training.Targets);
        AssertClose(fixture, $"{part} loss", [loss], [training.Loss]);
        AssertClose(fixture, $"{part} loss (forward only)", [reference.BatchLoss(training.Inputs, training.Targets)], [training.Loss]);
        AssertClose(fixture, $"{part} gradient", gradient, training.Gradient);
        double[] after = [.. fixture.Parameters.Select((w, p) => w - (fixture.LearningRate * gradient[p]))];
        AssertClose(fixture, $"{part} parameters after the step", after, training.ParametersAfter);
    }

    internal static void AssertClose(RecurrentFixture fixture, string what, double[] reference, double[] torch)
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

    internal static ReferenceCell Cell(RecurrentFixture fixture) => Enum.Parse<ReferenceCell>(fixture.Cell);

    internal static RecurrentReference Reference(RecurrentFixture fixture) =>
        new(Cell(fixture), fixture.Layers, fixture.Output, fixture.Loss, fixture.Parameters);
}
