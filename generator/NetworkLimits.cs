using Unrolled.Generator.Model;

namespace Unrolled.Generator;

/// <summary>
/// The sizes the generator accepts and where it switches from straight-line code to blocked loops,
/// and why. Straight-line code grows with the network, and the JIT stops optimising a method that is
/// too large ("Tier-0 switched MinOpts"). Measured with DOTNET_JitDisasmSummary=1 on .NET 10, x64,
/// on the worst shapes (one wide layer: many inputs or many outputs), and kept true by JitTierTests.
/// </summary>
internal static class NetworkLimits
{
    /// <summary>
    /// The largest network, in weights plus biases, written as straight-line code with one field
    /// per parameter. At 256 every method is Tier1 on every shape measured (TrainBatch of 1-127:
    /// 30 KB of IL; of 255-1: 22 KB). Above it wide shapes fail first: TrainBatch of 1-191 (382
    /// parameters, 47 KB of IL) and of 511-1 (512, 49 KB) are compiled MinOpts, although 383-1 and
    /// 31-15-1 are not. Larger networks get the blocked layout, whose code does not grow with the
    /// layer sizes.
    /// </summary>
    public const int MaxStraightLineParameters = 256;

    /// <summary>
    /// The same limit with Momentum or Adam, which write two to four statements per parameter
    /// where SGD writes one: Train of 1-127 with softmax and Adam (254 parameters, 55 KB of IL) is
    /// compiled MinOpts, so these optimizers keep straight-line code up to half the size.
    /// </summary>
    public const int MaxStraightLineParametersWithState = 128;

    /// <summary>
    /// The largest straight-line network whose PredictBatch and TrainBatch also get SIMD paths
    /// (several rows at once), which repeat the forward pass, and for TrainBatch the backward pass,
    /// per vector width. At 128 every method is Tier1 (TrainBatch of 1-63: 34 KB of IL; PredictBatch
    /// of 127-1: 26 KB); at 254 and 256 (1-127 and 255-1) those SIMD paths make TrainBatch MinOpts
    /// (73 KB and 63 KB), so above this limit the batch methods stay scalar.
    /// </summary>
    public const int MaxVectorizedParameters = 128;

    /// <summary>The SIMD batch limit with Momentum or Adam, halved like the straight-line limit.</summary>
    public const int MaxVectorizedParametersWithState = 64;

    /// <summary>
    /// The largest network of all. The blocked layout keeps the parameters, and their batch
    /// gradients, in one array each, and a .NET array holds at most Array.MaxLength elements.
    /// </summary>
    public const int MaxParameters = 0x7FFFFFC7;

    /// <summary>The largest straight-line network for this optimizer.</summary>
    public static int MaxStraightLine(Optimizer optimizer) => optimizer == Optimizer.Sgd ? MaxStraightLineParameters : MaxStraightLineParametersWithState;

    /// <summary>The largest straight-line network with SIMD batch paths for this optimizer.</summary>
    public static int MaxVectorized(Optimizer optimizer) => optimizer == Optimizer.Sgd ? MaxVectorizedParameters : MaxVectorizedParametersWithState;

    /// <summary>
    /// How a network of these sizes is written. Recurrent networks take the same limits: their straight-line
    /// methods are smaller for their parameter count than a dense network's TrainBatch, one statement per
    /// parameter at most in each. Measured as above at the limits: the largest, Cell1Gradients of an LSTM 2-6-1
    /// (247 parameters), is 11 KB of IL; 58-1-1 LSTM (246), 1-1-120 GRU with softmax (252, Output: 9 KB) and
    /// 28-1-1 LSTM with Adam (126) are all compiled fully optimised, and JitTierTests keeps them so.
    /// </summary>
    public static NetworkLayout LayoutFor(long parameterCount, Optimizer optimizer) =>
        parameterCount <= MaxStraightLine(optimizer) ? NetworkLayout.StraightLine : NetworkLayout.Blocked;
}
