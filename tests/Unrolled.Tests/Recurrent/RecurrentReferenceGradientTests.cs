namespace Unrolled.Tests.Recurrent;

/// <summary>
/// The reference's backpropagation through time against central finite differences of its own loss, for
/// every cell, output activation and loss, one and two layers: the gradient must be the derivative of the
/// loss the forward pass computes, to 1e-6 relative (the differences are exact to about 1e-10 with a step
/// of 1e-5, so a smaller gradient is held to 1e-10 absolute).
/// </summary>
public sealed class RecurrentReferenceGradientTests
{
    private const double FiniteStep = 1e-5;

    public static TheoryData<string> FixtureCases =>
        ["gru_1_16_1_double", "lstm_3_8_2_double", "gru_3_8_8_2_double", "lstm_sigmoid_ce_1_8_8_2_double", "gru_softmax_ce_3_16_16_3_double"];

    /// <summary>Every cell (by name: the enum is the tests' own) with every output activation and loss the reference knows, one and two layers.</summary>
    public static TheoryData<string, string, Loss, int> Options
    {
        get
        {
            var options = new TheoryData<string, string, Loss, int>();
            foreach (string cell in Enum.GetNames<ReferenceCell>())
            {
                foreach ((string output, Loss loss) in new[]
                {
                    ("Linear", Loss.SquaredError), ("Sigmoid", Loss.SquaredError), ("Softmax", Loss.SquaredError),
                    ("Sigmoid", Loss.CrossEntropy), ("Softmax", Loss.CrossEntropy),
                })
                {
                    options.Add(cell, output, loss, 1);
                    options.Add(cell, output, loss, 2);
                }
            }

            return options;
        }
    }

    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void The_sequence_gradient_of_a_torch_case_is_the_derivative_of_its_loss(string name)
    {
        RecurrentFixture fixture = RecurrentFixtures.Load(name);
        double[] parameters = [.. fixture.Parameters];
        var reference = new RecurrentReference(TorchRecurrentFixtureTests.Cell(fixture), fixture.Layers, fixture.Output, fixture.Loss, parameters);
        double[][] inputs = fixture.Sequence.Inputs[0], targets = fixture.Sequence.Targets[0];

        (_, double[] gradient) = reference.SequenceGradient(inputs, targets);

        AssertFiniteDifferences(name, parameters, gradient, () => reference.SequenceLoss(inputs, targets));
    }

    [Fact]
    public void The_batch_gradient_is_the_derivative_of_the_mean_sequence_loss()
    {
        RecurrentFixture fixture = RecurrentFixtures.Load("lstm_softmax_ce_3_8_3_double");
        double[] parameters = [.. fixture.Parameters];
        var reference = new RecurrentReference(TorchRecurrentFixtureTests.Cell(fixture), fixture.Layers, fixture.Output, fixture.Loss, parameters);

        (_, double[] gradient) = reference.BatchGradient(fixture.Batch.Inputs, fixture.Batch.Targets);

        AssertFiniteDifferences(fixture.Name, parameters, gradient, () => reference.BatchLoss(fixture.Batch.Inputs, fixture.Batch.Targets));
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void The_sequence_gradient_is_the_derivative_of_the_loss_for_every_option(string cellName, string output, Loss loss, int recurrentLayers)
    {
        ReferenceCell cell = Enum.Parse<ReferenceCell>(cellName);
        int[] layers = [2, .. Enumerable.Repeat(5, recurrentLayers), 3];
        var random = new Random(22 + (int)cell + (10 * recurrentLayers)); // seeded: the same numbers on every run
        double[] parameters = [.. Enumerable.Range(0, RecurrentReference.ParameterCount(cell, layers)).Select(_ => (random.NextDouble() * 1.6) - 0.8)];
        double[][] inputs = [.. Enumerable.Range(0, 9).Select(_ => new[] { (random.NextDouble() * 4) - 2, (random.NextDouble() * 4) - 2 })];
        double[][] targets = [.. Enumerable.Range(0, 9).Select(_ => Target(random, output, loss))];
        var reference = new RecurrentReference(cell, layers, output, loss, parameters);

        (_, double[] gradient) = reference.SequenceGradient(inputs, targets);

        AssertFiniteDifferences($"{cell} {output} {loss} {recurrentLayers} layers", parameters, gradient, () => reference.SequenceLoss(inputs, targets));
    }

    private static double[] Target(Random random, string output, Loss loss) => (output, loss) switch
    {
        ("Softmax", _) => [.. OneHot(random.Next(3))],
        ("Sigmoid", Loss.CrossEntropy) => [.. Enumerable.Range(0, 3).Select(_ => (double)random.Next(2))],
        ("Sigmoid", Loss.SquaredError) => [.. Enumerable.Range(0, 3).Select(_ => random.NextDouble())],
        ("Linear", Loss.SquaredError) => [.. Enumerable.Range(0, 3).Select(_ => (random.NextDouble() * 2) - 1)],
        _ => throw new ArgumentOutOfRangeException(nameof(output), $"{output} with {loss}", "No targets for this output and loss."),
    };

    private static double[] OneHot(int k) => [.. Enumerable.Range(0, 3).Select(j => j == k ? 1.0 : 0.0)];

    /// <summary>(L(w + h) - L(w - h)) / 2h for every parameter, changing the array the reference reads, then putting it back.</summary>
    private static void AssertFiniteDifferences(string what, double[] parameters, double[] gradient, Func<double> loss)
    {
        Assert.Equal(parameters.Length, gradient.Length);
        for (int p = 0; p < parameters.Length; p++)
        {
            double saved = parameters[p];
            parameters[p] = saved + FiniteStep;
            double above = loss();
            parameters[p] = saved - FiniteStep;
            double below = loss();
            parameters[p] = saved;

            double numeric = (above - below) / (2 * FiniteStep);
            double difference = Math.Abs(numeric - gradient[p]);
            Assert.True(difference <= 1e-6 * Math.Max(Math.Abs(gradient[p]), 1e-4), $"{what}: parameter {p}, backpropagation {gradient[p]:R}, finite differences {numeric:R}, difference {difference:E2}.");
        }
    }
}
