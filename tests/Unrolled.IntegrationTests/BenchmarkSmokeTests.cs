namespace Unrolled.IntegrationTests;

/// <summary>
/// The benchmark project in its quick mode: every workload runs once, and the run fails if any of
/// them allocates. It measures no speed: ratios come from full runs, never from a test.
/// </summary>
[Collection(SerialCli.Name)]
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public void Every_workload_runs_and_allocates_nothing()
    {
        string output = DotNetCli.Run(RepositoryPaths.Root,
            "run", "--project", Path.Combine("tests", "Unrolled.Benchmarks"), "-c", "Release", "--", "--smoke");

        Assert.Contains("benchmarks ran and allocate 0 bytes per operation.", output, StringComparison.Ordinal);
        foreach (string workload in new[] { "W1XorSgd", "W2Logic5Batch", "W3Infer", "W4Scale", "W5a64x32x10", "W5b784x128x10", "W5bSingle", "W5bPredictBatch" })
        {
            Assert.Contains(workload, output, StringComparison.Ordinal);
        }
    }
}
