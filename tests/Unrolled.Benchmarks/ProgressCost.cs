using System.Globalization;
using System.Text.RegularExpressions;

namespace Unrolled.Benchmarks;

/// <summary>
/// What showing progress costs the LogicGates sample's training, for the README: the time per 2-4-1
/// step the sample itself reports, with <c>--quiet</c>, with plain progress lines (output to a pipe)
/// and with the live display (on a pseudo-terminal, through <c>script</c>), the modes taking turns
/// run after run so that they share the machine's drift. Run with --progress-cost.
/// </summary>
internal static partial class ProgressCost
{
    private const int Runs = 25;

    public static int Run(string repositoryRoot)
    {
        string sample = Path.Combine(repositoryRoot, "samples", "LogicGates");
        ProcessRunner.Run("dotnet", repositoryRoot, "build", sample, "-c", "Release");
        string program = Path.Combine(sample, "bin", "Release", "net10.0", "LogicGates.dll");
        string pictures = Path.Combine(Path.GetTempPath(), "unrolled-progress-cost");
        Console.WriteLine($"| learning rate | progress | ns per 2-4-1 Train step (median of {Runs} runs) | vs --quiet |");
        Console.WriteLine("| ---: | --- | ---: | ---: |");

        // The sample's own rate, whose trainings last about a millisecond each, and a small one,
        // whose trainings last tens of milliseconds: the runs where progress is worth watching.
        foreach (string rate in new[] { "0.5", "0.02" })
        {
            string[] arguments = [program, "--learning-rate", rate, "--out", pictures];
            var modes = new List<(string Name, Func<string> RunOnce)>
            {
                ("--quiet", () => ProcessRunner.Run("dotnet", repositoryRoot, [.. arguments, "--quiet"])),
                ("--quiet again (how much runs differ anyway)", () => ProcessRunner.Run("dotnet", repositoryRoot, [.. arguments, "--quiet"])),
                ("plain lines (output to a pipe)", () => ProcessRunner.Run("dotnet", repositoryRoot, arguments)),
            };
            if (File.Exists("/usr/bin/script"))
            {
                // The live display needs a terminal; --quiet on the same kind of terminal shows what the terminal itself costs.
                string OnTerminal(string[] args) => ProcessRunner.Run("script", repositoryRoot, "-qec", "dotnet " + string.Join(' ', args.Select(a => $"\"{a}\"")), "/dev/null");
                modes.Add(("--quiet on a terminal", () => OnTerminal([.. arguments, "--quiet"])));
                modes.Add(("live display (a terminal)", () => OnTerminal(arguments)));
            }

            var times = modes.ToDictionary(mode => mode.Name, _ => new List<double>());
            for (int run = 0; run < Runs; run++)
            {
                foreach ((string name, Func<string> runOnce) in modes)
                {
                    times[name].Add(NanosecondsPerStep(runOnce()));
                }
            }

            double quiet = Median(times[modes[0].Name]);
            foreach ((string name, _) in modes)
            {
                double median = Median(times[name]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {rate} | {name} | {median:F1} | {median / quiet:F3} |"));
            }
        }

        return 0;
    }

    // The summary's 2-4-1 rows, weighted by their epochs: the time of all five trainings over all their steps.
    private static double NanosecondsPerStep(string output)
    {
        double time = 0;
        double epochs = 0;
        foreach (Match row in SummaryRow().Matches(output))
        {
            double rowEpochs = double.Parse(row.Groups["epochs"].Value, CultureInfo.InvariantCulture);
            time += rowEpochs * double.Parse(row.Groups["ns"].Value, CultureInfo.InvariantCulture);
            epochs += rowEpochs;
        }

        return epochs > 0 ? time / epochs : throw new InvalidOperationException("The sample printed no summary:\n" + output);
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    // "  XOR       2-4-1    yes        1683    1.234E-003          52 ns"
    [GeneratedRegex(@"^\s+\w+\s+2-4-1\s+(yes|NO)\s+(?<epochs>\d+)\s+\S+\s+(?<ns>\d+) ns", RegexOptions.Multiline)]
    private static partial Regex SummaryRow();
}
