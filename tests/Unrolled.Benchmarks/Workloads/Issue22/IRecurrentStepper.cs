namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>
/// What every row of <see cref="Issue22Step"/> times: a streaming recurrent network that takes
/// one input row per time step and writes one output row, its state carried from call to call.
/// The benchmark calls Run once per invocation over a block of steps, so an implementation behind a
/// native call (RTNeural) pays the call once per block, and the interface call once per block too.
/// </summary>
public interface IRecurrentStepper : IDisposable
{
    /// <summary>Hidden (and cell) state to zero.</summary>
    void Reset();

    /// <summary>inputs.Length / InputCount steps from the current state, which advances.</summary>
    void Run(ReadOnlySpan<float> inputs, Span<float> outputs);
}
