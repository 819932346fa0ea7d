using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// Every activation, loss and optimizer is held to what the defaults are: gradients against
/// finite differences, equivalence with the loop reference, no allocation, and learning.
/// </summary>
public sealed class OptionTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<int, int> Cases() =>
        [.. Enumerable.Range(0, OptionNetworks.Configurations.Count).SelectMany(c => Enumerable.Range(0, OptionNetworks.Topologies.Count).Select(t => (c, t)))];

    // Finite differences check the gradient itself, which only plain SGD applies as it is.
    public static TheoryData<int, int> SgdCases() =>
        [.. Cases().Select(row => ((int)row.Data.Item1, (int)row.Data.Item2)).Where(ct => OptionNetworks.Configurations[ct.Item1].Optimizer == Optimizer.Sgd)];

    [Theory]
    [MemberData(nameof(SgdCases))]
    public void Backpropagated_gradient_matches_central_finite_differences(int configuration, int topology)
    {
        INetwork network = OptionNetworks.Create(configuration, topology);
        ReferenceNetwork reference = OptionNetworks.Reference(configuration, topology);
        network.Randomize((ulong)configuration + 1);
        GradientCheck.AssertMatchesFiniteDifferences(network, new Random(configuration * 10 + topology), (parameters, input, target) =>
        {
            reference.SetParameters(parameters);
            return reference.Loss(input, target);
        }, OptionNetworks.Describe(configuration, topology));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Train_and_TrainBatch_match_the_loop_reference(int configuration, int topology)
    {
        foreach (bool batch in new[] { false, true })
        {
            INetwork network = OptionNetworks.Create(configuration, topology);
            ReferenceNetwork reference = OptionNetworks.Reference(configuration, topology);
            network.Randomize((ulong)configuration + 7);
            double[] start = new double[network.ParameterCount];
            network.CopyParametersTo(start);
            reference.SetParameters(start);
            var random = new Random(configuration);
            const int Rows = 6;
            double[] inputs = [.. Enumerable.Range(0, Rows * network.InputCount).Select(_ => (random.NextDouble() * 2) - 1)];
            double[] targets = [.. Enumerable.Range(0, Rows).SelectMany(_ => OneHotOrRandom(random, network.OutputCount, configuration))];
            double rate = OptionNetworks.LearningRate(configuration, topology);

            // iRPROP- steps by the sign of each gradient: once a step size has shrunk to about 1e-12, a
            // gradient that rounds to the other side of 0 (batch sums in another order) moves it that far.
            int steps = OptionNetworks.Configurations[configuration].Optimizer == Optimizer.Rprop ? 100 : 300;
            for (int step = 0; step < steps; step++)
            {
                int row = step % Rows;
                (double expected, double actual) = batch
                    ? (reference.TrainBatch(inputs, targets, rate), network.TrainBatch(inputs, targets, rate))
                    : (reference.Train(inputs.AsSpan(row * network.InputCount, network.InputCount), targets.AsSpan(row * network.OutputCount, network.OutputCount), rate),
                       network.Train(inputs.AsSpan(row * network.InputCount, network.InputCount), targets.AsSpan(row * network.OutputCount, network.OutputCount), rate));
                Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)),
                    $"{OptionNetworks.Describe(configuration, topology)}{(batch ? " batch" : string.Empty)}: loss at step {step}: reference {expected:R}, generated {actual:R}");
            }

            double[] actualParameters = new double[network.ParameterCount];
            network.CopyParametersTo(actualParameters);
            double[] expectedParameters = reference.GetParameters();
            for (int p = 0; p < expectedParameters.Length; p++)
            {
                Assert.True(Math.Abs(expectedParameters[p] - actualParameters[p]) <= Tolerance * Math.Max(1, Math.Abs(expectedParameters[p])),
                    $"{OptionNetworks.Describe(configuration, topology)}{(batch ? " batch" : string.Empty)}: parameter {p}: reference {expectedParameters[p]:R}, generated {actualParameters[p]:R}");
            }

            double[] output = new double[network.OutputCount];
            network.Predict(inputs.AsSpan(0, network.InputCount), output);
            double[] expectedOutput = reference.Predict(inputs.AsSpan(0, network.InputCount));
            for (int k = 0; k < output.Length; k++)
            {
                Assert.True(Math.Abs(expectedOutput[k] - output[k]) <= Tolerance, $"{OptionNetworks.Describe(configuration, topology)}: output {k}");
            }

            double[] batchOutputs = new double[Rows * network.OutputCount];
            network.PredictBatch(inputs, batchOutputs);
            for (int row = 0; row < Rows; row++)
            {
                network.Predict(inputs.AsSpan(row * network.InputCount, network.InputCount), output);
                for (int k = 0; k < output.Length; k++)
                {
                    Assert.True(Math.Abs(batchOutputs[(row * network.OutputCount) + k] - output[k]) <= 1e-14, $"{OptionNetworks.Describe(configuration, topology)}: PredictBatch row {row} output {k}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Randomize_and_SetParameters_restart_the_optimizer(int configuration, int topology)
    {
        // Two networks from the same parameters must train identically, whatever the other did before.
        INetwork used = OptionNetworks.Create(configuration, topology);
        INetwork fresh = OptionNetworks.Create(configuration, topology);
        double[] input = new double[used.InputCount];
        double[] target = new double[used.OutputCount];
        target[0] = 1;
        used.Randomize(3);
        for (int step = 0; step < 5; step++)
        {
            used.Train(input, target, 0.01);
        }

        used.Randomize(1);
        fresh.Randomize(1);
        Assert.Equal(used.Train(input, target, 0.01), fresh.Train(input, target, 0.01));
        double[] parameters = new double[used.ParameterCount];
        used.CopyParametersTo(parameters);
        used.SetParameters(parameters);
        fresh.SetParameters(parameters);
        used.Train(input, target, 0.01);
        fresh.Train(input, target, 0.01);
        double[] a = new double[used.ParameterCount];
        double[] b = new double[used.ParameterCount];
        used.CopyParametersTo(a);
        fresh.CopyParametersTo(b);
        Assert.Equal(b, a);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Training_allocates_nothing(int configuration, int topology)
    {
        INetwork network = OptionNetworks.Create(configuration, topology);
        network.Randomize(1);
        double[] inputs = new double[4 * network.InputCount];
        double[] targets = new double[4 * network.OutputCount];
        double[] outputs = new double[4 * network.OutputCount];
        void Work()
        {
            for (int i = 0; i < 2_000; i++)
            {
                network.Train(inputs.AsSpan(0, network.InputCount), targets.AsSpan(0, network.OutputCount), 0.01);
                network.TrainBatch(inputs, targets, 0.01);
                network.PredictBatch(inputs, outputs);
            }
        }

        Assert.Equal(0, Allocations.Measure(Work));
    }

    [Fact]
    public void The_vectorised_tanh_stays_within_1e_14_of_Math_Tanh()
    {
        // The SIMD paths write tanh(z) as 1 - 2 / (exp(2z) + 1), there being no vector tanh.
        double worst = 0;
        for (double z = -400; z <= 400; z += z is > -20 and < 20 ? 0.000731 : 0.5)
        {
            System.Runtime.Intrinsics.Vector256<double> v = System.Runtime.Intrinsics.Vector256.Create(z);
            System.Runtime.Intrinsics.Vector256<double> one = System.Runtime.Intrinsics.Vector256<double>.One;
            System.Runtime.Intrinsics.Vector256<double> tanh = one - ((one + one) / (System.Runtime.Intrinsics.Vector256.Exp(v + v) + one));
            worst = Math.Max(worst, Math.Abs(tanh[0] - Math.Tanh(z)));
        }

        Assert.True(worst <= 1e-14, $"largest difference {worst:R}");
    }

    private static double[] OneHotOrRandom(Random random, int count, int configuration)
    {
        var values = new double[count];
        if (OptionNetworks.Configurations[configuration].Output == Activation.Softmax)
        {
            values[random.Next(count)] = 1;
            return values;
        }

        for (int k = 0; k < count; k++)
        {
            values[k] = random.NextDouble();
        }

        return values;
    }
}
