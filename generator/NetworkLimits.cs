namespace Unrolled.Generator;

/// <summary>The sizes the generator accepts, and why.</summary>
internal static class NetworkLimits
{
    /// <summary>
    /// The largest network, in weights plus biases, the generator unrolls. Straight-line code grows
    /// with the parameter count: each parameter costs about 45 bytes of IL in <c>Train</c> and a
    /// local in <c>TrainBatch</c>. At 1,024 parameters <c>Train</c> stays near 50 KB of IL and
    /// <c>TrainBatch</c> under 2,000 locals, below the sizes at which the JIT stops optimising a
    /// method (60,000 bytes of IL, 2,000 locals).
    /// </summary>
    public const int MaxParameters = 1024;
}
