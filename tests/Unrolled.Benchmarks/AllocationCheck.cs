using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Unrolled.Benchmarks;

/// <summary>
/// Checks that every benchmark method allocates nothing, measured on the calling thread after a
/// warm-up. BenchmarkDotNet's own figure counts the whole process, which in a one-invocation
/// smoke run can pick up a stray allocation from elsewhere; this check cannot.
/// </summary>
internal static class AllocationCheck
{
    // Enough calls for tiered compilation to finish, capped by time so that the large W4 networks,
    // milliseconds per call, do not stretch the smoke run. Any count is exact: the figure is per thread.
    private const int MaxWarmupCalls = 2_000;
    private const int MaxMeasuredCalls = 10_000;
    private const int Attempts = 5;
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(0.5);

    /// <summary>Returns one line per benchmark that allocated; empty when none did.</summary>
    public static List<string> FindAllocatingBenchmarks(Assembly assembly)
    {
        var failures = new List<string>();
        foreach (Type type in assembly.GetTypes().Where(t => !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)))
        {
            // Peers (TorchSharp) allocate their own handles; the 0-byte rule is Unrolled's and its baselines'.
            foreach (MethodInfo benchmark in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null && m.GetCustomAttribute<BenchmarkCategoryAttribute>()?.Categories.Contains("Peer") != true))
            {
                object instance = Activator.CreateInstance(type)!;
                type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null)?.Invoke(instance, null);
                if (benchmark.ReturnType != typeof(double))
                {
                    failures.Add($"{type.Name}.{benchmark.Name}: benchmarks here return double, so the check can call them without boxing");
                    continue;
                }

                var call = (Func<double>)Delegate.CreateDelegate(typeof(Func<double>), instance, benchmark);
                long allocated = Measure(call);
                if (allocated != 0)
                {
                    failures.Add($"{type.Name}.{benchmark.Name}: {allocated} bytes after warm-up");
                }
            }
        }

        return failures;
    }

    private static long Measure(Func<double> call)
    {
        var first = System.Diagnostics.Stopwatch.StartNew();
        call();
        int calls = (int)Math.Clamp(s_budget.Ticks / Math.Max(1, first.Elapsed.Ticks), 10, MaxMeasuredCalls);
        for (int i = 0; i < Math.Min(calls, MaxWarmupCalls); i++)
        {
            call();
        }

        // The smallest of a few runs: the runtime may allocate once on this thread while it tiers the
        // code up (on-stack replacement compiles here, and when depends on the machine's load), but a
        // benchmark that allocates by itself allocates in every run.
        long smallest = long.MaxValue;
        for (int attempt = 0; attempt < Attempts && smallest > 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                call();
            }

            smallest = Math.Min(smallest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return smallest;
    }
}
