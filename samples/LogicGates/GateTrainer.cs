using System;
using System.Diagnostics;
using System.Collections.Generic;
using System.Linq;

namespace LogicGates;

/// <summary>The outcome of training one function: the network's raw outputs for the four rows, and what it took.</summary>
public sealed record TrainingResult(string Name, double[] Targets, double[] Outputs, int Epochs, long Steps, TimeSpan Elapsed, bool Learned)
{
    /// <summary>The squared-error loss after training, 0.5 * (o - t)^2 averaged over the four rows.</summary>
    public double FinalLoss => Outputs.Select((o, row) => 0.5 * (o - Targets[row]) * (o - Targets[row])).Average();

    /// <summary>The mean training loss of every epoch, for the loss curve.</summary>
    public double[] LossHistory { get; init; } = [];

    /// <summary>The trained network's output for an input (x0, x1), for the decision-boundary map.</summary>
    public Func<double, double, double>? Predict { get; init; }

    /// <summary>Wall-clock nanoseconds per training step (one Train, or one TrainBatch over the four rows), checks and progress reports included.</summary>
    public double NanosecondsPerStep => Elapsed.TotalNanoseconds / Math.Max(1, Steps);
}

/// <summary>Trains the five logic functions two ways, exactly as the sample prints them.</summary>
public static class GateTrainer
{
    /// <summary>Per-sample SGD, the learning rate of workload W1.</summary>
    public const double SampleLearningRate = 0.5;

    /// <summary>Full-batch gradient descent, the learning rate of workload W2.</summary>
    public const double BatchLearningRate = 1.0;

    public const int MaxEpochs = 100_000;

    /// <summary>
    /// Trains one 2-4-1 <see cref="GateNetwork"/> per function with <c>Train</c>, one sample at a time,
    /// until all four outputs are within <see cref="LogicFunction.Tolerance"/> of the truth table.
    /// </summary>
    public static TrainingResult TrainOne(LogicFunction function, ulong seed, int maxEpochs = MaxEpochs, double learningRate = SampleLearningRate,
        ITrainingProgress? progress = null)
    {
        progress ??= SilentProgress.Instance;
        var history = new List<double>();
        var network = new GateNetwork();
        network.Randomize(seed);
        Span<double> output = stackalloc double[GateNetwork.OutputCount];
        var outputs = new double[LogicFunction.Inputs.Length];
        var stopwatch = Stopwatch.StartNew();

        int epoch = 0;
        bool learned = false;
        while (epoch < maxEpochs && !learned)
        {
            epoch++;
            double loss = 0;
            for (int row = 0; row < LogicFunction.Inputs.Length; row++)
            {
                loss += network.Train(LogicFunction.Inputs[row], function.Targets.AsSpan(row, 1), learningRate);
            }

            history.Add(loss / LogicFunction.Inputs.Length);
            if (epoch % ITrainingProgress.Interval == 0)
            {
                // The clock keeps running: the time per step includes what showing progress costs.
                progress.Update(function.Name, epoch, maxEpochs, loss / LogicFunction.Inputs.Length, epoch * (double)LogicFunction.Inputs.Length / stopwatch.Elapsed.TotalSeconds);
            }

            for (int row = 0; row < LogicFunction.Inputs.Length; row++)
            {
                network.Predict(LogicFunction.Inputs[row], output);
                outputs[row] = output[0];
            }

            learned = LogicFunction.IsLearned(outputs, function.Targets);
        }

        stopwatch.Stop();
        progress.Finish(function.Name, epoch, history.Count > 0 ? history[^1] : double.NaN, learned);
        return new TrainingResult(function.Name, function.Targets, outputs, epoch, (long)epoch * LogicFunction.Inputs.Length, stopwatch.Elapsed, learned)
        {
            LossHistory = [.. history],
            Predict = (x0, x1) =>
            {
                Span<double> result = stackalloc double[GateNetwork.OutputCount];
                network.Predict([x0, x1], result);
                return result[0];
            },
        };
    }

    /// <summary>
    /// Trains one 2-4-5 <see cref="AllGatesNetwork"/> on all five functions at once with <c>TrainBatch</c>
    /// over the four rows, as the thread's numpy version does, and reports each function's column.
    /// </summary>
    public static TrainingResult[] TrainAllAtOnce(ulong seed, int maxEpochs = MaxEpochs) => TrainAllAtOnce(new AllGatesNetwork(), seed, maxEpochs);

    /// <summary>Trains <paramref name="network"/>, which keeps what it learned, on all five functions at once.</summary>
    public static TrainingResult[] TrainAllAtOnce(AllGatesNetwork network, ulong seed, int maxEpochs = MaxEpochs, double learningRate = BatchLearningRate)
    {
        network.Randomize(seed);
        double[] inputs = LogicFunction.FlatInputs();
        double[] targets = LogicFunction.FlatTargetsOfAll();
        var outputs = new double[targets.Length];
        var stopwatch = Stopwatch.StartNew();

        int epoch = 0;
        bool learned = false;
        while (epoch < maxEpochs && !learned)
        {
            epoch++;
            network.TrainBatch(inputs, targets, learningRate);
            for (int row = 0; row < LogicFunction.Inputs.Length; row++)
            {
                network.Predict(inputs.AsSpan(row * 2, 2), outputs.AsSpan(row * AllGatesNetwork.OutputCount, AllGatesNetwork.OutputCount));
            }

            learned = LogicFunction.IsLearned(outputs, targets);
        }

        stopwatch.Stop();
        var results = new TrainingResult[LogicFunction.All.Length];
        for (int f = 0; f < results.Length; f++)
        {
            var column = new double[LogicFunction.Inputs.Length];
            for (int row = 0; row < column.Length; row++)
            {
                column[row] = outputs[(row * AllGatesNetwork.OutputCount) + f];
            }

            LogicFunction function = LogicFunction.All[f];
            results[f] = new TrainingResult(function.Name, function.Targets, column, epoch, epoch, stopwatch.Elapsed,
                LogicFunction.IsLearned(column, function.Targets));
        }

        return results;
    }

    /// <summary>
    /// Trains both ways for two epochs, untimed, so that the timed runs measure training and not the
    /// JIT compiling it: the sample compiles every method fully optimised on its first call.
    /// </summary>
    public static void WarmUp()
    {
        TrainOne(LogicFunction.All[0], seed: 0, maxEpochs: 2);
        TrainAllAtOnce(new AllGatesNetwork(), seed: 0, maxEpochs: 2);
    }

    /// <summary>The seed of function <paramref name="index"/>: distinct per function, fixed by the run's seed.</summary>
    public static ulong SeedFor(ulong seed, int index) => seed + (ulong)index;
}
