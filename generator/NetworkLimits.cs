namespace Unrolled.Generator;

/// <summary>The sizes the generator accepts, and why.</summary>
internal static class NetworkLimits
{
    /// <summary>
    /// The largest network, in weights plus biases, the generator unrolls. Straight-line code grows
    /// with the parameter count, and the JIT stops optimising methods that are too large. Measured
    /// with DOTNET_JitDisasmSummary on .NET 10 (x64): at 496 parameters every generated method is
    /// compiled at Tier1 (TrainBatch: 38 KB of IL); at 736, TrainBatch is compiled with
    /// "Tier-0 switched MinOpts" (58 KB of IL) and at 1,023 Train is too. 512 keeps every method
    /// fully optimised with a margin.
    /// </summary>
    public const int MaxParameters = 512;

    /// <summary>
    /// The largest network whose TrainBatch also gets the four-rows-at-once SIMD path, which about
    /// doubles the method. Above it TrainBatch stays scalar so that it, too, is compiled at Tier1.
    /// </summary>
    public const int MaxVectorizedTrainBatchParameters = 256;
}
