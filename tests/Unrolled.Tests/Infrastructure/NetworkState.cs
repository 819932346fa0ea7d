namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// A network's whole state, parameters and optimizer state (velocities, Adam's moments and step
/// count), as the bytes Save writes: equal bytes mean nothing changed. The optimizer's state is not
/// public, so the numbers are read back from those bytes with the network's description.
/// </summary>
internal static class NetworkState
{
    public static byte[] Bytes(Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return stream.ToArray();
    }

    /// <summary>Every parameter and optimizer number in <paramref name="bytes"/>, widened to double.</summary>
    public static double[] Numbers(byte[] bytes, NetworkDescription description)
    {
        int parameters = checked((int)description.ParameterCount);
        int state = checked((int)description.StateCount);
        using var stream = new MemoryStream(bytes);
        if (description.Precision == Precision.Single)
        {
            float[] p = new float[parameters];
            float[] s = new float[state];
            NetworkFormat.Read(stream, description, p, s);
            return [.. p.Select(v => (double)v), .. s.Select(v => (double)v)];
        }

        double[] dp = new double[parameters];
        double[] ds = new double[state];
        NetworkFormat.Read(stream, description, dp, ds);
        return [.. dp, .. ds];
    }
}
