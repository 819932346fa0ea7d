using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>After warm-up, a generated network allocates nothing: not per prediction, not per training step.</summary>
public sealed class AllocationTests
{
    private const int Calls = 100_000;

    private static readonly double[] s_inputs = [0, 0, 0, 1, 1, 0, 1, 1];
    private static readonly double[] s_targets = [0, 1, 1, 0];

    [Fact]
    public void Predict_allocates_nothing()
    {
        var network = new XorNetwork();
        network.Randomize(1);
        double[] output = new double[1];
        AssertNoAllocation(() =>
        {
            for (int i = 0; i < Calls; i++)
            {
                network.Predict(s_inputs.AsSpan((i & 3) * 2, 2), output);
            }
        });
    }

    [Fact]
    public void Train_allocates_nothing()
    {
        var network = new XorNetwork();
        network.Randomize(1);
        AssertNoAllocation(() =>
        {
            for (int i = 0; i < Calls; i++)
            {
                network.Train(s_inputs.AsSpan((i & 3) * 2, 2), s_targets.AsSpan(i & 3, 1), 0.5);
            }
        });
    }

    [Fact]
    public void TrainBatch_allocates_nothing()
    {
        var network = new XorNetwork();
        network.Randomize(1);
        AssertNoAllocation(() =>
        {
            for (int i = 0; i < Calls; i++)
            {
                network.TrainBatch(s_inputs, s_targets, 0.5);
            }
        });
    }

    [Fact]
    public void Struct_network_members_allocate_nothing()
    {
        var network = new DeepStructNetwork();
        network.Randomize(7);
        double[] input = [0.1, -0.2, 0.3];
        double[] target = [0.2, 0.8];
        double[] output = new double[2];
        double[] parameters = new double[DeepStructNetwork.ParameterCount];
        AssertNoAllocation(() =>
        {
            for (int i = 0; i < Calls; i++)
            {
                network.Predict(input, output);
                network.Train(input, target, 0.1);
                network.TrainBatch(input, target, 0.1);
                network.CopyParametersTo(parameters);
                network.SetParameters(parameters);
                _ = DeepStructNetwork.LayerSizes[i & 3];
            }
        });
    }

    [Fact]
    public void The_measurement_detects_an_allocation()
    {
        // Proves the check can fail: a loop that allocates must be caught.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNoAllocation(() => GC.KeepAlive(new double[4])));
    }

    private static void AssertNoAllocation(Action work) => Assert.Equal(0, Allocations.Measure(work));
}
