using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// The blocked batch passes take the cross-entropy's ln(sum_j exp(z_j - m)) from the forward pass's softmax, as
/// -ln(max_k o_k), instead of computing the exps again: it must hold where the softmax saturates too (outputs that
/// underflow to 0, a target on one of them, targets that do not add up to 1), in rows on either side of a vector.
/// </summary>
public sealed class BlockedSoftmaxLossTests
{
    private static readonly int[] s_layers = [20, 30, 5];

    private static readonly Lazy<NetworkAssembly> s_assembly = new(() => NetworkAssembly.Build("""
        using Unrolled;
        namespace SoftmaxLoss;
        [Network(20, 30, 5, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] public partial class Net;
        """));

    // 1 row, a part of one vector, a vector and a tail, several blocks.
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(7, 400.0)]
    [InlineData(33, 400.0)]
    [InlineData(70, 4000.0)]
    public void The_batch_loss_of_saturated_softmax_outputs_matches_the_log_sum_exp_reference(int rows, double outputScale)
    {
        INetwork network = s_assembly.Value.Create("SoftmaxLoss.Net");
        network.Randomize(7);
        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        // Output weights scaled up: z_k of one row differ by hundreds or thousands, and exp(z_k - m) underflows to 0.
        int outputWeights = (s_layers[0] + 1) * s_layers[1];
        for (int p = outputWeights; p < parameters.Length; p++)
        {
            parameters[p] *= outputScale;
        }

        network.SetParameters(parameters);
        var reference = new ReferenceNetwork(s_layers, new ReferenceOptions(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, Optimizer.Adam));
        reference.SetParameters(parameters);
        var random = new Random(rows);
        double[] inputs = [.. Enumerable.Range(0, rows * s_layers[0]).Select(_ => (random.NextDouble() * 2) - 1)];
        double[] targets = Targets(reference, inputs, rows);

        for (int step = 0; step < 2; step++)
        {
            double expected = reference.TrainBatch(inputs, targets, 0.01);
            double actual = network.TrainBatch(inputs, targets, 0.01);
            Assert.True(double.IsFinite(actual), $"step {step}: loss {actual}");
            Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"step {step}: expected {expected:R}, got {actual:R}");
        }
    }

    // Each row's target: one-hot on its least likely class (whose output may be 0), on its most likely, or soft
    // targets that add up to 1.5, in turn.
    private static double[] Targets(ReferenceNetwork reference, double[] inputs, int rows)
    {
        int outputs = s_layers[^1];
        double[] targets = new double[rows * outputs];
        for (int row = 0; row < rows; row++)
        {
            double[] o = reference.Predict(inputs.AsSpan(row * s_layers[0], s_layers[0]));
            Span<double> t = targets.AsSpan(row * outputs, outputs);
            switch (row % 3)
            {
                case 0:
                    t[Array.IndexOf(o, o.Min())] = 1;
                    break;
                case 1:
                    t[Array.IndexOf(o, o.Max())] = 1;
                    break;
                default:
                    t.Fill(1.5 / outputs);
                    break;
            }
        }

        return targets;
    }
}
