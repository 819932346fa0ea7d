using System;
using System.Linq;
using Unrolled;

namespace Sunspots;

/// <summary>
/// Trains a <see cref="SunspotNetwork"/> on windows of the training years and forecasts every test year one year
/// ahead, from the state that stepping through all the years before it leaves.
/// </summary>
public static class Forecaster
{
    private const ulong ShuffleStream = 0x005E_ED0F_5A5A_5A5AUL;

    /// <summary>Trains a network from <paramref name="seed"/> with <paramref name="settings"/>, then scores its forecasts.</summary>
    public static ForecastResult Run(SunspotSeries series, ForecastSettings settings, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(settings);
        int trainingYears = series.IndexOf(settings.FirstTestYear);
        if (trainingYears <= settings.SequenceLength)
        {
            throw new ArgumentException($"The training years before {settings.FirstTestYear} must outnumber the sequence length {settings.SequenceLength}: choose a later first test year or shorter sequences.", nameof(settings));
        }

        // Sunspot numbers run from 0 to a few hundred; divided by the training period's largest, they are about
        // 0 to 1, where the GRU's gates are neither flat nor saturated. The test period may exceed 1: the output is linear.
        double scale = series.Values.Take(trainingYears).Max();
        double[] scaled = [.. series.Values.Select(v => v / scale)];

        var network = new SunspotNetwork();
        network.Randomize(seed);
        double finalLoss = Train(network, scaled.AsSpan(0, trainingYears), settings, seed);

        double[] forecast = Forecast(network, scaled, trainingYears, scale);
        int[] years = [.. Enumerable.Range(settings.FirstTestYear, series.LastYear - settings.FirstTestYear + 1)];
        double[] truth = [.. years.Select(y => series[y])];
        double[] persistence = [.. years.Select(y => series[y - 1])];
        return new ForecastResult(years, truth, forecast, persistence, finalLoss);
    }

    /// <summary>
    /// Epochs of TrainSequenceBatch over every window of <see cref="ForecastSettings.SequenceLength"/> years in
    /// <paramref name="training"/>, shuffled by the seed; each year's target is the next year. Returns the last
    /// epoch's mean loss.
    /// </summary>
    private static double Train(SunspotNetwork network, ReadOnlySpan<double> training, ForecastSettings settings, ulong seed)
    {
        int length = settings.SequenceLength;
        int[] starts = [.. Enumerable.Range(0, training.Length - length)];
        double[] inputs = new double[settings.BatchSize * length];
        double[] targets = new double[settings.BatchSize * length];
        // A stream of its own for the shuffle, so the order of the windows is not drawn from the numbers that drew the weights.
        var random = new SplitMix64(seed ^ ShuffleStream);
        double epochLoss = double.NaN;
        for (int epoch = 0; epoch < settings.Epochs; epoch++)
        {
            Shuffle(starts, ref random);
            double lossSum = 0;
            int batches = 0;
            for (int first = 0; first < starts.Length; first += settings.BatchSize)
            {
                int count = Math.Min(settings.BatchSize, starts.Length - first);
                for (int n = 0; n < count; n++)
                {
                    // Window n: the years from its start as inputs, each followed by the next year as its target.
                    training.Slice(starts[first + n], length).CopyTo(inputs.AsSpan(n * length));
                    training.Slice(starts[first + n] + 1, length).CopyTo(targets.AsSpan(n * length));
                }

                lossSum += network.TrainSequenceBatch(inputs.AsSpan(0, count * length), targets.AsSpan(0, count * length), length, settings.LearningRate);
                batches++;
            }

            epochLoss = lossSum / batches;
        }

        return epochLoss;
    }

    /// <summary>
    /// Steps through the whole series from a zero state; the output after year t's value is the forecast for
    /// year t + 1. Returns, in sunspot numbers, the forecasts of the years from index <paramref name="firstForecast"/> on:
    /// each one sees only the years before it, and the training years warm the state up.
    /// </summary>
    private static double[] Forecast(SunspotNetwork network, double[] scaled, int firstForecast, double scale)
    {
        double[] forecast = new double[scaled.Length - firstForecast];
        Span<double> output = stackalloc double[1];
        network.ResetState();
        for (int t = 0; t + 1 < scaled.Length; t++)
        {
            network.Step(scaled.AsSpan(t, 1), output);
            if (t + 1 >= firstForecast)
            {
                forecast[t + 1 - firstForecast] = output[0] * scale;
            }
        }

        return forecast;
    }

    /// <summary>Fisher-Yates with the sample's own generator, so every runtime shuffles alike.</summary>
    private static void Shuffle(int[] items, ref SplitMix64 random)
    {
        for (int n = items.Length - 1; n > 0; n--)
        {
            int other = (int)(random.NextUInt64() % (ulong)(n + 1));
            (items[n], items[other]) = (items[other], items[n]);
        }
    }
}
