namespace Unrolled.Tests.Infrastructure;

/// <summary>Bytes a piece of work allocates on the calling thread, measured the same way in every test.</summary>
internal static class Allocations
{
    private const int Attempts = 5;

    /// <summary>
    /// Runs <paramref name="work"/> to warm up, then measures it up to five times and returns the
    /// smallest figure. The runtime may allocate once on this thread while it tiers code up (on-stack
    /// replacement compiles here, and when depends on the machine's load), but work that allocates
    /// by itself allocates in every run, so one clean run is the proof that it does not.
    /// </summary>
    public static long Measure(Action work)
    {
        work();
        long smallest = long.MaxValue;
        for (int attempt = 0; attempt < Attempts && smallest > 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            work();
            smallest = Math.Min(smallest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return smallest;
    }
}
