using System.Globalization;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using Unrolled.Benchmarks.Workloads;

namespace Unrolled.Benchmarks;

/// <summary>
/// Prints W5 from one run: every row per sample (BenchmarkDotNet's median of one batch divided by
/// its rows) with its GFLOP/s (flops as <see cref="W5Flops"/> counts them) and its share of the FMA
/// peak measured here on one thread, then the ratios issue 14's targets are stated in.
/// </summary>
internal static class W5Table
{
    public static void Print(IEnumerable<Summary> summaries)
    {
        var workloads = summaries.SelectMany(s => s.Reports)
            .Where(r => r.Success && r.ResultStatistics is not null && typeof(IW5Figures).IsAssignableFrom(r.BenchmarkCase.Descriptor.Type))
            .GroupBy(r => r.BenchmarkCase.Descriptor.Type)
            .ToList();
        if (workloads.Count == 0)
        {
            return;
        }

        double peak = FmaPeak.MeasureDouble();
        ILogger log = ConsoleLogger.Default;
        log.WriteLine();
        log.WriteLineHeader(Invariant($"// W5 per sample. FMA peak, one thread: {peak:F1} GFLOP/s double, {2 * peak:F1} GFLOP/s float."));
        log.WriteLineInfo("| workload | implementation | per sample (median) | vs loop | GFLOP/s | % of FMA peak |");
        log.WriteLineInfo("| --- | --- | ---: | ---: | ---: | ---: |");
        var ratios = new List<string>();
        foreach (IGrouping<Type, BenchmarkReport> workload in workloads)
        {
            var figures = (IW5Figures)Activator.CreateInstance(workload.Key)!;
            double typePeak = figures.IsSingle ? 2 * peak : peak;
            Dictionary<string, double> perSample = workload.ToDictionary(
                r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r => r.ResultStatistics!.Median / figures.BatchRows);
            double? loop = perSample.TryGetValue("Loop", out double l) ? l : null;
            foreach ((string implementation, double time) in perSample)
            {
                double gflops = figures.FlopsPerSample / time;
                string versusLoop = loop is double baseline ? Invariant($"{baseline / time:F2}x") : "-";
                log.WriteLineInfo(Invariant(
                    $"| {workload.Key.Name} | {implementation} | {Time(time)} | {versusLoop} | {gflops:F2} | {100 * gflops / typePeak:F1}% |"));
            }

            AddRatio(ratios, workload.Key.Name, perSample, "TorchSharp", "TrainBatch");
            AddRatio(ratios, workload.Key.Name, perSample, "Train", "TrainBatch");
            AddRatio(ratios, workload.Key.Name, perSample, "TorchSharp", "PredictBatch");
        }

        if (ratios.Count > 0)
        {
            log.WriteLineInfo("// Ratios per sample (above 1: the second is faster):");
            foreach (string ratio in ratios)
            {
                log.WriteLineInfo(ratio);
            }
        }
    }

    private static void AddRatio(List<string> ratios, string workload, Dictionary<string, double> perSample, string slower, string faster)
    {
        if (perSample.TryGetValue(slower, out double numerator) && perSample.TryGetValue(faster, out double denominator))
        {
            ratios.Add(Invariant($"//   {workload}: {slower} / {faster} = {numerator / denominator:F2}"));
        }
    }

    private static string Time(double nanoseconds) => nanoseconds >= 1000
        ? Invariant($"{nanoseconds / 1000:F2} us")
        : Invariant($"{nanoseconds:F1} ns");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
