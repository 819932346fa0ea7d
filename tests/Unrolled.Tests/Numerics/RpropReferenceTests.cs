using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// The plain iRPROP− reference (Infrastructure/RpropReference.cs) against FANN's own step and against
/// a sequence worked out by hand, so that the generated Rprop can later be held to it.
/// </summary>
public sealed class RpropReferenceTests
{
    /// <summary>
    /// Printed by tests/Unrolled.Benchmarks/Peers/Fann/fann_irpropm_trace.c (libdoublefann 2.2.0's
    /// fann_update_weights_irpropm): epoch, weight, gradient, then the weight, step size and FANN's
    /// remembered slope (the negative gradient, 0 after a sign change) after the step.
    /// </summary>
    private static readonly (int Epoch, int Weight, double Gradient, double After, double Step, double Slope)[] FannTrace =
    [
        (1, 0, 1, 0.379999993443489, 0.120000006556511, -1),
        (1, 1, -1, 1500, 50, 1),
        (1, 2, 3, -0.25012000000476836, 0.00012000000476837159, -3),
        (2, 0, 2, 0.23599997985362961, 0.14400001358985939, -2),
        (2, 1, -1, 1500, 50, 1),
        (2, 2, -3, -0.25006000000238415, 6.0000002384185793e-05, 0),
        (3, 0, -1, 0.30799998664855932, 0.072000006794929697, 0),
        (3, 1, -1, 1500, 50, 1),
        (3, 2, 3, -0.25018000000715251, 0.00012000000476837159, -3),
        (4, 0, -1, 0.39439999823570282, 0.086400011587143499, 1),
        (4, 1, -1, 1500, 50, 1),
        (4, 2, 3, -0.25032400001859662, 0.00014400001144409204, -3),
        (5, 0, 0, 0.49808001626014864, 0.10368001802444581, 0),
        (5, 1, 1, 1500, 25, 0),
        (5, 2, 3, -0.250496800039196, 0.00017280002059936607, -3),
        (6, 0, 1, 0.37366398968696513, 0.12441602657318349, -1),
        (6, 1, 1, 1469.9999988079071, 30.000001192092896, -1),
        (6, 2, 3, -0.25070416007215496, 0.00020736003295898636, -3),
    ];

    [Fact]
    public void Fann_settings_reproduce_fanns_own_steps_bit_for_bit()
    {
        // As the C program sets them up: weight 0 from FANN's initial state, weight 1 near the weight
        // limit with a step of 45 (delta max 50), weight 2 with a step of 0 (FANN's floor, 0.0001).
        var rprop = new RpropReference(3, RpropSettings.Fann);
        double[] weights = [0.5, 1499.9, -0.25];
        rprop.StepSizes[1] = 45;
        rprop.StepSizes[2] = 0;

        foreach (IGrouping<int, (int Epoch, int Weight, double Gradient, double After, double Step, double Slope)> epoch in FannTrace.GroupBy(row => row.Epoch))
        {
            rprop.Step(weights, [.. epoch.Select(row => row.Gradient)]);
            foreach ((int number, int w, double _, double after, double step, double slope) in epoch)
            {
                Assert.True(after == weights[w], $"epoch {number}, weight {w}: FANN {after:R}, reference {weights[w]:R}");
                Assert.True(step == rprop.StepSizes[w], $"epoch {number}, weight {w}: FANN's step {step:R}, reference {rprop.StepSizes[w]:R}");
                Assert.True(-slope == rprop.PreviousGradients[w], $"epoch {number}, weight {w}: FANN's slope {slope:R}, reference's gradient {rprop.PreviousGradients[w]:R}");
            }
        }
    }

    [Fact]
    public void A_quadratic_follows_the_hand_checked_steps_under_both_sign_change_rules()
    {
        // E(w) = (w - 0.3)^2, g = 2 (w - 0.3), from w = 0, steps 0.1 * 1.2^k while the sign holds.
        // Step 4 overshoots 0.3: the gradient turns positive, the step halves (0.1728 -> 0.0864) and
        // FANN moves up anyway (0.4368 -> 0.5232), where the paper's rule stays put.
        double[] fann = Descend(RpropSettings.Decimal, 6);
        double[] paper = Descend(RpropSettings.Decimal with { SignChange = RpropSignChange.NoStep }, 6);

        AssertSequence([0.12, 0.264, 0.4368, 0.5232, 0.41952, 0.295104], fann);
        // Paper: 0.4368 stays; then g = 0.2736 > 0 after a forgotten gradient, step 0.0864 * 1.2 = 0.10368
        // down to 0.33312; g = 0.06624 > 0 again, step 0.124416 down to 0.208704.
        AssertSequence([0.12, 0.264, 0.4368, 0.4368, 0.33312, 0.208704], paper);
    }

    [Fact]
    public void A_gradient_of_zero_moves_up_in_fann_and_stays_under_the_paper_rule()
    {
        double[] fann = [1.0];
        double[] paper = [1.0];
        new RpropReference(1, RpropSettings.Decimal).Step(fann, [0.0]);
        new RpropReference(1, RpropSettings.Decimal with { SignChange = RpropSignChange.NoStep }).Step(paper, [0.0]);

        Assert.Equal(1.12, fann[0], 15);
        Assert.Equal(1.0, paper[0]);
    }

    [Fact]
    public void Mismatched_lengths_are_refused_with_every_length_named()
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            RpropReference.Step(new double[3], new double[2], new double[3], new double[3], RpropSettings.Fann));

        Assert.Contains("parameters (3), gradient (2)", exception.Message, StringComparison.Ordinal);
    }

    private static double[] Descend(RpropSettings settings, int steps)
    {
        var rprop = new RpropReference(1, settings);
        double[] w = [0.0];
        var path = new double[steps];
        for (int step = 0; step < steps; step++)
        {
            rprop.Step(w, [2 * (w[0] - 0.3)]);
            path[step] = w[0];
        }

        return path;
    }

    private static void AssertSequence(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-15, $"step {k + 1}: expected {expected[k]:R}, got {actual[k]:R}");
        }
    }
}
