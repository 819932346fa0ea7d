namespace Unrolled.Benchmarks.Workloads;

/// <summary>
/// The arithmetic W5's GFLOP/s figures count: 2 flops (a multiply and an add) per multiply-accumulate
/// of the three matrix products, per sample: the forward pass (sum over layers of inputs x neurons),
/// the deltas of the hidden layers through the transposed weights (neurons x next layer's neurons;
/// none for the inputs), and the gradient accumulation (inputs x neurons again). Sigmoids, biases,
/// the loss and the update are not counted. 784-128-10: 2 * (101,632 + 1,280 + 101,632) = 409,088.
/// </summary>
public static class W5Flops
{
    public static double TrainPerSample(ReadOnlySpan<int> sizes)
    {
        double macs = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            macs += 2.0 * sizes[l - 1] * sizes[l];
            if (l > 1)
            {
                macs += (double)sizes[l - 1] * sizes[l];
            }
        }

        return 2 * macs;
    }

    public static double ForwardPerRow(ReadOnlySpan<int> sizes)
    {
        double macs = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            macs += (double)sizes[l - 1] * sizes[l];
        }

        return 2 * macs;
    }
}
