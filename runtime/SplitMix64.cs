using System;

namespace Unrolled;

/// <summary>
/// The SplitMix64 pseudo-random generator (Steele, Lea and Flood, 2014), used by the generated
/// <c>Randomize(seed)</c> so that a seed gives the same network on every OS, runtime and language.
/// </summary>
/// <remarks>
/// <para>To reproduce Unrolled's initial weights elsewhere, with all arithmetic on unsigned 64-bit
/// integers wrapping modulo 2^64:</para>
/// <code>
/// state = seed
/// next():
///     state += 0x9E3779B97F4A7C15
///     z = state
///     z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
///     z = (z ^ (z >> 27)) * 0x94D049BB133111EB
///     return z ^ (z >> 31)
/// nextDouble():                 // uniform in [0, 1), 53 random bits
///     return (next() >> 11) * 2^-53
/// nextSymmetric(limit):         // uniform in [-limit, +limit)
///     return limit * (2 * nextDouble() - 1)
/// </code>
/// <para><c>Randomize(seed)</c> starts one generator at <c>seed</c> and visits the weights in the
/// documented parameter order (layer by layer, <c>W[j, i]</c> row-major), giving each weight of layer
/// <c>l</c> the value <c>nextSymmetric(sqrt(6 / (fanIn + fanOut)))</c>, where fanIn is the size of
/// layer <c>l - 1</c> and fanOut the size of layer <c>l</c> (Glorot/Xavier uniform). Biases are set
/// to zero and draw nothing.</para>
/// </remarks>
public struct SplitMix64
{
    private const double UnitScale = 1.0 / (1UL << 53);

    private ulong _state;

    /// <summary>Starts a generator whose first output depends only on <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed)
    {
        _state = seed;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            _state += 0x9E3779B97F4A7C15UL;
            ulong z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A uniform double in [0, 1) built from the top 53 bits of <see cref="NextUInt64"/>.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * UnitScale;

    /// <summary>A uniform double in [-<paramref name="limit"/>, +<paramref name="limit"/>).</summary>
    public double NextSymmetric(double limit) => limit * ((2.0 * NextDouble()) - 1.0);
}
