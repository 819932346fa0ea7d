using System;
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

/// <summary>Plain lines, for logs and pipes: one every 2,000 epochs and one at the end of each function.</summary>
public sealed class PlainProgress : ITrainingProgress
{
    private const int LineInterval = 2_000;

    public void Update(string name, int epoch, int maxEpochs, double loss, double stepsPerSecond)
    {
        if (epoch % LineInterval == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-4}  epoch {epoch,6}  loss {loss:E3}  {stepsPerSecond / 1e6:F1} M steps/s"));
        }
    }

    public void Finish(string name, int epoch, double loss, bool learned)
    {
    }
}

/// <summary>A live progress bar per function, for a terminal: epochs, loss and speed, redrawn in place.</summary>
public sealed class LiveProgress(Spectre.Console.ProgressContext context) : ITrainingProgress
{
    private readonly System.Collections.Generic.Dictionary<string, Spectre.Console.ProgressTask> _tasks = [];

    public void Update(string name, int epoch, int maxEpochs, double loss, double stepsPerSecond)
    {
        Spectre.Console.ProgressTask task = Task(name, maxEpochs);
        task.Value = epoch;
        task.Description = string.Create(CultureInfo.InvariantCulture, $"{name,-4} epoch {epoch,6}  loss {loss:E2}  {stepsPerSecond / 1e6:F1} M steps/s");
    }

    public void Finish(string name, int epoch, double loss, bool learned)
    {
        Spectre.Console.ProgressTask task = Task(name, epoch);
        task.Description = string.Create(CultureInfo.InvariantCulture, $"{name,-4} {(learned ? "learned" : "NOT learned")} after {epoch} epochs, loss {loss:E2}");
        task.Value = task.MaxValue;
        task.StopTask();
    }

    private Spectre.Console.ProgressTask Task(string name, int maxEpochs)
    {
        if (!_tasks.TryGetValue(name, out Spectre.Console.ProgressTask? task))
        {
            task = context.AddTask(name, maxValue: maxEpochs);
            _tasks[name] = task;
        }

        return task;
    }
}
