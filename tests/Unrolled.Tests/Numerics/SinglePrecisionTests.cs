using System.Runtime.Intrinsics;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// Precision.Single: the same contract over float. Each check compares the float network with
/// the double loop reference started from the same parameters, with tolerances that fit float's
/// 24-bit significand (about 6e-8 relative per operation).
/// </summary>
public sealed class SinglePrecisionTests
{
    private const double ExactStep = 1e-6;

    public static TheoryData<int> Topologies() => [.. SingleTopologies.Indexes];

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Backpropagated_gradient_matches_the_exact_gradient_to_float_accuracy(int index)
    {
        // Central differences in float would drown in rounding, so the exact gradient comes from
        // central differences of the double reference, at the very parameters the float network holds.
        ISingleNetwork network = SingleTopologies.Create(index);
        var reference = new ReferenceNetwork(TestTopologies.All[index]);
        var random = new Random(index);
        network.Randomize((ulong)index + 1);
        float[] parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        float[] input = [.. Enumerable.Range(0, network.InputCount).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] target = [.. Enumerable.Range(0, network.OutputCount).Select(_ => (float)random.NextDouble())];

        network.Train(input, target, learningRate: 1f);
        float[] after = new float[network.ParameterCount];
        network.CopyParametersTo(after);

        double[] asDouble = [.. parameters.Select(p => (double)p)];
        double[] x = [.. input.Select(v => (double)v)];
        double[] t = [.. target.Select(v => (double)v)];
        foreach (int p in TestTopologies.CheckedParameters(parameters.Length))
        {
            double exact = (Loss(reference, asDouble, p, ExactStep, x, t) - Loss(reference, asDouble, p, -ExactStep, x, t)) / (2 * ExactStep);
            // p - (p - g) in float loses the bits of p below g's ulp: compare on that scale.
            double backprop = (double)parameters[p] - after[p];
            double scale = Math.Max(1, Math.Abs(parameters[p]));
            Assert.True(Math.Abs(backprop - exact) <= 2e-6 * scale,
                $"{TestTopologies.Describe(index)}: parameter {p}: float backprop {backprop:R}, exact {exact:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Train_and_TrainBatch_follow_the_double_reference_to_float_accuracy(int index)
    {
        const int Steps = 200;
        ISingleNetwork network = SingleTopologies.Create(index);
        network.Randomize((ulong)index);
        float[] start = new float[network.ParameterCount];
        network.CopyParametersTo(start);
        var reference = new ReferenceNetwork(TestTopologies.All[index]);
        reference.SetParameters([.. start.Select(p => (double)p)]);
        var random = new Random(index);
        int rows = 5;
        double[] inputs = [.. Enumerable.Range(0, rows * network.InputCount).Select(_ => (random.NextDouble() * 2) - 1)];
        double[] targets = [.. Enumerable.Range(0, rows * network.OutputCount).Select(_ => random.NextDouble())];
        float[] floatInputs = [.. inputs.Select(x => (float)x)];
        float[] floatTargets = [.. targets.Select(t => (float)t)];
        double rate = TestTopologies.IsBlocked(index) ? 0.05 : 0.5;

        for (int step = 0; step < Steps; step++)
        {
            int row = step % rows;
            double expected = reference.Train(inputs.AsSpan(row * network.InputCount, network.InputCount), targets.AsSpan(row * network.OutputCount, network.OutputCount), rate);
            float actual = network.Train(floatInputs.AsSpan(row * network.InputCount, network.InputCount), floatTargets.AsSpan(row * network.OutputCount, network.OutputCount), (float)rate);
            Assert.True(Math.Abs(expected - actual) <= 1e-4, $"{TestTopologies.Describe(index)}: loss at step {step}: reference {expected:R}, float {actual:R}");
            expected = reference.TrainBatch(inputs, targets, rate);
            actual = network.TrainBatch(floatInputs, floatTargets, (float)rate);
            Assert.True(Math.Abs(expected - actual) <= 1e-4, $"{TestTopologies.Describe(index)}: batch loss at step {step}: reference {expected:R}, float {actual:R}");
        }

        float[] actualParameters = new float[network.ParameterCount];
        network.CopyParametersTo(actualParameters);
        double[] expectedParameters = reference.GetParameters();
        for (int p = 0; p < expectedParameters.Length; p++)
        {
            Assert.True(Math.Abs(expectedParameters[p] - actualParameters[p]) <= 1e-4 * Math.Max(1, Math.Abs(expectedParameters[p])),
                $"{TestTopologies.Describe(index)}: parameter {p}: reference {expectedParameters[p]:R}, float {actualParameters[p]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Topologies))]
    public void PredictBatch_matches_Predict_row_by_row(int index)
    {
        ISingleNetwork network = SingleTopologies.Create(index);
        network.Randomize((ulong)index + 11);
        var random = new Random(index);
        foreach (int rows in new[] { 0, 1, 7, 8, 9, 16, 17, 33 })
        {
            float[] inputs = [.. Enumerable.Range(0, rows * network.InputCount).Select(_ => (float)((random.NextDouble() * 8) - 4))];
            float[] outputs = new float[rows * network.OutputCount];
            network.PredictBatch(inputs, outputs);
            float[] expected = new float[network.OutputCount];
            for (int row = 0; row < rows; row++)
            {
                network.Predict(inputs.AsSpan(row * network.InputCount, network.InputCount), expected);
                for (int k = 0; k < expected.Length; k++)
                {
                    float actual = outputs[(row * network.OutputCount) + k];
                    Assert.True(Math.Abs(actual - expected[k]) <= 1e-6f,
                        $"{TestTopologies.Describe(index)}, {rows} rows: row {row} output {k}: PredictBatch {actual:R}, Predict {expected[k]:R}");
                }
            }
        }
    }

    [Fact]
    public void The_vectorised_float_sigmoids_stay_within_two_ulps_of_the_scalar_one()
    {
        // float's ulp just below 1 is 6e-8; the vector exp may differ from MathF.Exp in the last bit.
        Assert.SkipUnless(Vector256.IsHardwareAccelerated, "no 256-bit SIMD on this machine");
        float worst = 0;
        for (float z = -104f; z <= 89f; z += 0.0371f)
        {
            Vector256<float> vector = Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(Vector256.Create(-z)));
            float scalar = 1f / (1f + MathF.Exp(-z));
            worst = Math.Max(worst, Math.Abs(vector[0] - scalar));
        }

        Assert.True(worst <= 1.2e-7f, $"largest difference {worst:R}");
    }

    [Fact]
    public void Float_networks_allocate_nothing()
    {
        var xor = new SingleXorNetwork();
        var scale = new SingleScaleNetwork();
        xor.Randomize(1);
        scale.Randomize(1);
        float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
        float[] targets = [0, 1, 1, 0];
        float[] outputs = new float[4];
        float[] scaleInput = new float[SingleScaleNetwork.InputCount];
        float[] scaleTarget = new float[SingleScaleNetwork.OutputCount];
        void Work()
        {
            for (int i = 0; i < 10_000; i++)
            {
                xor.Train(inputs.AsSpan((i & 3) * 2, 2), targets.AsSpan(i & 3, 1), 0.5f);
                xor.TrainBatch(inputs, targets, 1f);
                xor.PredictBatch(inputs, outputs);
                scale.Train(scaleInput, scaleTarget, 0.1f);
                scale.Predict(scaleInput, scaleTarget);
            }
        }

        Assert.Equal(0, Allocations.Measure(Work));
    }

    [Fact]
    public void A_float_network_learns_xor()
    {
        var network = new SingleXorNetwork();
        network.Randomize(1);
        float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
        float[] targets = [0, 1, 1, 0];
        for (int epoch = 0; epoch < 5_000; epoch++)
        {
            for (int row = 0; row < 4; row++)
            {
                network.Train(inputs.AsSpan(row * 2, 2), targets.AsSpan(row, 1), 0.5f);
            }
        }

        float[] outputs = new float[4];
        network.PredictBatch(inputs, outputs);
        Assert.All(Enumerable.Range(0, 4), row => Assert.True(Math.Abs(outputs[row] - targets[row]) < 0.1f, $"row {row}: {outputs[row]}"));
    }

    private static double Loss(ReferenceNetwork reference, double[] parameters, int index, double delta, double[] input, double[] target)
    {
        double[] shifted = (double[])parameters.Clone();
        shifted[index] += delta;
        reference.SetParameters(shifted);
        double[] output = reference.Predict(input);
        return 0.5 * output.Select((o, k) => (o - target[k]) * (o - target[k])).Sum();
    }
}
