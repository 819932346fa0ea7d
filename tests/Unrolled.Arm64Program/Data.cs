using System.Numerics;

namespace Unrolled.Arm64Program;

/// <summary>The inputs of the kernel checks: seeded, so every run and machine checks the same numbers.</summary>
internal static class Data
{
    /// <summary>Values uniform in [-1, 1) from the runtime's SplitMix64.</summary>
    public static T[] Random<T>(int length, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new SplitMix64(seed);
        T[] values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating(random.NextSymmetric(1));
        }

        return values;
    }

    /// <summary>The magnitudes: a kernel run on them gives the sum of its terms' magnitudes, the scale of its rounding error.</summary>
    public static T[] Abs<T>(T[] values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] magnitudes = new T[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            magnitudes[i] = T.Abs(values[i]);
        }

        return magnitudes;
    }
}
