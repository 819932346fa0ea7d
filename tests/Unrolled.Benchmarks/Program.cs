using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Runs the workloads of ../shared/bench/WORKLOADS.md. Speed is reported as ratios against the
// loop baseline in the same run and never asserted; allocation is: any workload that allocates
// makes the run fail.
//   dotnet run --project tests/Unrolled.Benchmarks -c Release            every workload, full accuracy
//   dotnet run --project tests/Unrolled.Benchmarks -c Release -- --smoke  one quick pass (CI)
bool smoke = args.Contains("--smoke");
string[] benchmarkArgs = [.. args.Where(a => a != "--smoke")];
if (!benchmarkArgs.Contains("--filter"))
{
    benchmarkArgs = [.. benchmarkArgs, "--filter", "*"];
}

IConfig config = smoke
    ? ManualConfig.CreateMinimumViable()
        .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance))
        .AddDiagnoser(MemoryDiagnoser.Default)
    : DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);

IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(benchmarkArgs, config);

int failures = 0;
int measured = 0;
foreach (BenchmarkReport report in summaries.SelectMany(s => s.Reports))
{
    measured++;
    long? bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
    if (!report.Success || bytes is not 0)
    {
        failures++;
        ConsoleLogger.Default.WriteLineError($"{report.BenchmarkCase.DisplayInfo}: {(report.Success ? $"allocates {bytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown number of"} bytes per operation" : "failed to run")}");
    }
}

if (measured == 0)
{
    ConsoleLogger.Default.WriteLineError("No benchmark ran.");
    return 1;
}

ConsoleLogger.Default.WriteLineInfo(failures == 0
    ? $"All {measured} benchmarks ran and allocate 0 bytes per operation."
    : $"{failures} of {measured} benchmarks failed the allocation check.");
return failures == 0 ? 0 : 1;
