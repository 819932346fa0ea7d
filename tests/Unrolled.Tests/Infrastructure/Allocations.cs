namespace Unrolled.Tests.Infrastructure;

/// <summary>Bytes a piece of work allocates on the calling thread, measured the same way in every test.</summary>
internal static class Allocations
{
    /// <summary>
    /// Runs <paramref name="work"/> twice to warm up, then once measured. The warm-up lets the JIT
    /// compile and tier up (on-stack replacement compiles on this thread, and the runtime may
    /// allocate while it does), so only the work's own allocations are counted.
    /// </summary>
    public static long Measure(Action work)
    {
        work();
        work();
        long before = GC.GetAllocatedBytesForCurrentThread();
        work();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
