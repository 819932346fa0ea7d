using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Runs the workloads of ../shared/bench/WORKLOADS.md. Speed is reported as ratios against the
// loop baseline in the same run and never asserted; allocation is: any workload that allocates
// makes the run fail, and so does an implementation of W1 or W2 that does not learn its targets.
//   dotnet run --project tests/Unrolled.Benchmarks -c Release            every workload, full accuracy
//   dotnet run --project tests/Unrolled.Benchmarks -c Release -- --smoke  one quick pass (CI)
//   dotnet run --project tests/Unrolled.Benchmarks -c Release -p:Peers=true -- --filter "*W5*"  W5 with TorchSharp, in process
//   dotnet run --project tests/Unrolled.Benchmarks -c Release -- --filter "*Issue21Cost*" --launchCount 3  W1-W5 today against eaed394
//   dotnet run --project tests/Unrolled.Benchmarks -c Release -- --filter "*Issue23Cost*" --launchCount 3  W1-W5 today against f309d61
//   UNROLLED_RTNEURAL_LIBRARY=... dotnet run --project tests/Unrolled.Benchmarks -c Release -p:Peers=true -- --filter "*Issue22*" --launchCount 2
//                                                                        issue 22's GRU/LSTM rows beside RTNeural, ONNX Runtime, TorchSharp (Peers/RTNeural/README.md)
//   dotnet run --project tests/Unrolled.Benchmarks -c Release -p:Peers=true -- --filter "*DigitsEpoch*" "*DigitsSingleEpoch*"
//                                                                        scikit-learn's digits beside MLPClassifier (python3-sklearn; Peers/Sklearn)
//   dotnet run --project tests/Unrolled.Benchmarks -c Release -p:Peers=true -- --filter "*Issue23*PredictWidths*" --launchCount 3
//                                                                        PredictBatch over 10,000 rows, 784-256-128-10 and 784-300-100-10, beside TorchSharp
//   dotnet run --project tests/Unrolled.Benchmarks -c Release -- --build-cost  generator time, source size, build time
//   dotnet run --project tests/Unrolled.Benchmarks -c Release -- --progress-cost  what progress display costs the sample
//   dotnet run --project tests/Unrolled.Benchmarks -c Release -- --cold-start  issue 23's first epochs in fresh processes, against warm ones
string repositoryRoot = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
if (args.Contains("--build-cost"))
{
    return Unrolled.Benchmarks.BuildCost.Run(repositoryRoot);
}

if (args.Contains("--progress-cost"))
{
    return Unrolled.Benchmarks.ProgressCost.Run(repositoryRoot);
}

if (args.Contains("--cold-start"))
{
    return Unrolled.Benchmarks.ColdStart.Run();
}

if (args is ["--cold-start-child", string workload])
{
    return Unrolled.Benchmarks.ColdStart.Child(int.Parse(workload, System.Globalization.CultureInfo.InvariantCulture));
}

bool smoke = args.Contains("--smoke");
string[] benchmarkArgs = [.. args.Where(a => a != "--smoke")];
#if PEERS
// BenchmarkDotNet's child builds would drop -p:Peers=true and with it the TorchSharp rows: run in
// process. The smoke job is in process already; the switch would add a second, full job beside it.
if (!smoke && !benchmarkArgs.Contains("--inProcess"))
{
    benchmarkArgs = [.. benchmarkArgs, "--inProcess"];
}
#endif

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

var failures = new List<string>();
int measured = 0;
foreach (BenchmarkReport report in summaries.SelectMany(s => s.Reports))
{
    measured++;
    long? bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
    if (!report.Success)
    {
        failures.Add($"{report.BenchmarkCase.DisplayInfo}: failed to run");
    }
    else if (!smoke && bytes is not 0 && !report.BenchmarkCase.Descriptor.Categories.Contains("Peer"))
    {
        // A full run measures enough operations for BenchmarkDotNet's process-wide figure to be exact.
        failures.Add($"{report.BenchmarkCase.DisplayInfo}: allocates {bytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown number of"} bytes per operation");
    }
}

// Per thread, after warm-up: exact in every mode, the smoke run included.
failures.AddRange(Unrolled.Benchmarks.AllocationCheck.FindAllocatingBenchmarks(typeof(Program).Assembly));

// The timings compare like with like only if every implementation does the workload's whole job.
failures.AddRange(Unrolled.Benchmarks.WorkloadChecks.Run());

// W5: per-sample time and achieved GFLOP/s of every row, beside the measured FMA peak.
Unrolled.Benchmarks.W5Table.Print(summaries);

if (measured == 0)
{
    ConsoleLogger.Default.WriteLineError("No benchmark ran.");
    return 1;
}

foreach (string failure in failures)
{
    ConsoleLogger.Default.WriteLineError(failure);
}

int peers = summaries.SelectMany(s => s.Reports).Count(r => r.BenchmarkCase.Descriptor.Categories.Contains("Peer"));
ConsoleLogger.Default.WriteLineInfo(failures.Count == 0
    ? $"All {measured} benchmarks ran and allocate 0 bytes per operation.{(peers == 0 ? "" : $" ({peers} of them are peers (TorchSharp, ONNX Runtime, RTNeural), which are not held to it.)")}"
    : $"{failures.Count} problems in {measured} benchmarks.");
return failures.Count == 0 ? 0 : 1;
