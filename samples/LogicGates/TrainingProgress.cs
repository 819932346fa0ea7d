using System;
using System.Diagnostics;
using System.Globalization;

namespace LogicGates;

/// <summary>
/// Where training reports how it goes: every <see cref="Interval"/> epochs, so that reporting costs
/// the training loop one comparison per epoch and nothing more.
/// </summary>
public interface ITrainingProgress
{
    const int Interval = 500;

    void Update(string name, int epoch, int maxEpochs, double loss, double stepsPerSecond);

    void Finish(string name, int epoch, double loss, bool learned);
}

/// <summary>No reports: --quiet, and the tests.</summary>
public sealed class SilentProgress : ITrainingProgress
{
    public static SilentProgress Instance { get; } = new();

    public void Update(string name, int epoch, int maxEpochs, double loss, double stepsPerSecond)
    {
    }

    public void Finish(string name, int epoch, double loss, bool learned)
    {
    }
}

/// <summary>
/// Plain lines, for logs and pipes: at most one a second, so that a log gets the same few lines however
/// fast the network trains, and writing them costs the training nothing it would notice.
/// </summary>
public sealed class PlainProgress : ITrainingProgress
{
    private static readonly TimeSpan s_lineInterval = TimeSpan.FromSeconds(1);
    private long _lastLine = Stopwatch.GetTimestamp();

    /// <summary>
    /// Formats one typical line and throws it away, and calls <see cref="Update"/> once, too soon to
    /// print: compiling and first running that code takes about a millisecond, which belongs to
    /// start-up, not to the first timed training run.
    /// </summary>
    public PlainProgress()
    {
        _ = Line("warm", 2_000, 1.234e-3, 1.234e7);
        Update("warm", 0, 0, 0, 0);
    }

    public void Update(string name, int epoch, int maxEpochs, double loss, double stepsPerSecond)
    {
        if (Stopwatch.GetElapsedTime(_lastLine) >= s_lineInterval)
        {
            Console.WriteLine(Line(name, epoch, loss, stepsPerSecond));
            _lastLine = Stopwatch.GetTimestamp();
        }
    }

    public void Finish(string name, int epoch, double loss, bool learned)
    {
    }

    private static string Line(string name, int epoch, double loss, double stepsPerSecond) =>
        string.Create(CultureInfo.InvariantCulture, $"  {name,-4}  epoch {epoch,6}  loss {loss:E3}  {stepsPerSecond / 1e6:F1} M steps/s");
}

/// <summary>
/// A live progress bar per function, for a terminal: epochs, loss and speed, redrawn in place.
/// Training only writes three numbers per report into a slot of its own; <see cref="Refresh"/>,
/// called from another thread, hands them to Spectre.Console, whose rendering takes a lock that
/// the training thread would otherwise wait for.
/// </summary>
public sealed class LiveProgress : ITrainingProgress
{
    private readonly Spectre.Console.ProgressContext _context;
    private readonly System.Collections.Generic.Dictionary<string, (Report Report, Spectre.Console.ProgressTask Task)> _functions = [];

    /// <summary>
    /// Shows a bar for every function from the start, and calls <see cref="Update"/> once with epoch 0,
    /// which shows nothing, so that compiling it is start-up work rather than part of a timed run.
    /// </summary>
    public LiveProgress(Spectre.Console.ProgressContext context, System.Collections.Generic.IEnumerable<string> names, int maxEpochs)
    {
        _context = context;
        foreach (string name in names)
        {
            _functions[name] = (new Report(), context.AddTask($"{name,-4} waiting", maxValue: maxEpochs));
            Update(name, 0, maxEpochs, 0, 0);
        }
    }

    public void Update(string name, int epoch, int maxEpochs, double loss, double stepsPerSecond)
    {
        Report report = _functions[name].Report;
        report.Loss = loss;
        report.StepsPerSecond = stepsPerSecond;
        report.Epoch = epoch;
    }

    public void Finish(string name, int epoch, double loss, bool learned)
    {
        Report report = _functions[name].Report;
        report.Loss = loss;
        report.Learned = learned;
        report.Epoch = epoch;
        report.Finished = true;
    }

    /// <summary>Draws the latest reports. Values written while this reads may be a report apart; the next refresh shows them.</summary>
    public void Refresh()
    {
        foreach ((string name, (Report report, Spectre.Console.ProgressTask task)) in _functions)
        {
            if (task.IsFinished || report.Epoch == 0)
            {
                continue;
            }

            if (report.Finished)
            {
                task.Description = string.Create(CultureInfo.InvariantCulture, $"{name,-4} {(report.Learned ? "learned" : "NOT learned")} after {report.Epoch} epochs, loss {report.Loss:E2}");
                task.Value = task.MaxValue;
                task.StopTask();
                continue;
            }

            task.Value = report.Epoch;
            task.Description = string.Create(CultureInfo.InvariantCulture, $"{name,-4} epoch {report.Epoch,6}  loss {report.Loss:E2}  {report.StepsPerSecond / 1e6:F1} M steps/s");
        }

        _context.Refresh();
    }

    private sealed class Report
    {
        public volatile int Epoch;
        public volatile bool Finished;
        public double Loss;
        public double StepsPerSecond;
        public bool Learned;
    }
}
