using System;
using System.Globalization;
using System.IO;

namespace Unrolled;

/// <summary>
/// Training loops with a safety net: they stop with a clear message when the loss turns NaN or
/// infinite, or grows far beyond where it started, and put the network back as it was at the end
/// of the last good epoch, optimizer state included, so hours of training are never lost to one bad step.
/// </summary>
public static class NetworkTraining
{
    /// <summary>How many times the first epoch's mean loss an epoch may reach before training counts as diverging.</summary>
    public const double DefaultDivergenceFactor = 1e3;

    /// <summary>
    /// Runs <paramref name="epochs"/> epochs of <see cref="INetwork.Train"/>, one row of
    /// <paramref name="inputs"/> and <paramref name="targets"/> at a time, and returns the last epoch's mean loss.
    /// </summary>
    /// <exception cref="ArgumentException">The spans are empty or do not hold the same whole number of rows.</exception>
    /// <exception cref="InvalidOperationException">
    /// A step returned NaN or infinity (the row was not finite, or the step would overflow), a parameter overflowed, or an epoch's mean loss exceeded <paramref name="divergenceFactor"/> times the
    /// first's. The network is exactly as it was at the end of the last good epoch: its parameters and its optimizer's state, the bytes
    /// <see cref="INetwork.Save"/> wrote then.
    /// </exception>
    public static double TrainEpochs(INetwork network, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, double learningRate, int epochs,
        double divergenceFactor = DefaultDivergenceFactor)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckSettings(epochs, divergenceFactor);
        return Run(new DoubleEpochNetwork(network), inputs, targets, learningRate, epochs, divergenceFactor);
    }

    /// <summary>
    /// Runs <paramref name="epochs"/> epochs of <see cref="ISingleNetwork.Train"/> on a float network; see
    /// <see cref="TrainEpochs(INetwork, ReadOnlySpan{double}, ReadOnlySpan{double}, double, int, double)"/>. The epoch's
    /// losses are summed in double.
    /// </summary>
    /// <exception cref="ArgumentException">The spans are empty or do not hold the same whole number of rows.</exception>
    /// <exception cref="InvalidOperationException">
    /// A step returned NaN or infinity (the row was not finite, or the step would overflow), a parameter overflowed, or an epoch's mean loss exceeded <paramref name="divergenceFactor"/> times the
    /// first's. The network is exactly as it was at the end of the last good epoch: its parameters and its optimizer's state, the bytes
    /// <see cref="ISingleNetwork.Save"/> wrote then.
    /// </exception>
    public static float TrainEpochs(ISingleNetwork network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, float learningRate, int epochs,
        double divergenceFactor = DefaultDivergenceFactor)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckSettings(epochs, divergenceFactor);
        return (float)Run(new SingleEpochNetwork(network), inputs, targets, learningRate, epochs, divergenceFactor);
    }

    private static void CheckSettings(int epochs, double divergenceFactor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        if (!(divergenceFactor > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(divergenceFactor), divergenceFactor, "The divergence factor must be greater than 1.");
        }
    }

    /// <summary>Where the network was put back, given how many epochs had completed: epochs count from 1, like the messages'.</summary>
    private static string BackTo(int completedEpochs) => completedEpochs == 0
        ? "The network is back where it was before the first epoch"
        : string.Create(CultureInfo.InvariantCulture, $"The network is back where it was after epoch {completedEpochs}");

    private static double Run<TNetwork, T>(TNetwork network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, T learningRate, int epochs, double divergenceFactor)
        where TNetwork : struct, IEpochNetwork<T>
    {
        int inputCount = network.InputCount;
        int outputCount = network.OutputCount;
        int rows = NetworkGuard.RowCount(inputs.Length, inputCount, targets.Length, outputCount);

        // The last good epoch as its saved file: the parameters and the optimizer's state (momentum
        // velocities, Adam's moments and step count), which SetParameters alone would reset. One
        // stream, rewritten in place after every good epoch.
        using var lastGood = new MemoryStream();
        SaveLastGood();
        double firstEpochLoss = double.NaN;
        double epochLoss = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            double sum = 0;
            for (int row = 0; row < rows; row++)
            {
                double loss = network.Train(inputs.Slice(row * inputCount, inputCount), targets.Slice(row * outputCount, outputCount), learningRate);
                if (!double.IsFinite(loss))
                {
                    Restore();
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"Training stopped in epoch {epoch + 1} of {epochs}, at row {row + 1} of {rows} (epochs and rows counted from 1): Train returned {loss}, so that step changed nothing: the row holds NaN or infinite values, or values so large that the step would overflow. {BackTo(epoch)}; check that row, scale the data to smaller values, or lower the learning rate ({learningRate})."));
                }

                sum += loss;
            }

            epochLoss = sum / rows;
            if (epoch == 0)
            {
                firstEpochLoss = epochLoss;
            }
            else if (epochLoss > divergenceFactor * firstEpochLoss && epochLoss > 0)
            {
                Restore();
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Training diverged in epoch {epoch + 1} of {epochs} (counted from 1): the mean loss {epochLoss:G4} is more than {divergenceFactor:G4} times the first epoch's {firstEpochLoss:G4}. {BackTo(epoch)}; lower the learning rate ({learningRate})."));
            }

            // A generated network refuses any step that would leave a parameter NaN or infinite, but an
            // INetwork written by hand may not; then the epoch's parameters are not kept.
            if (!network.HasFiniteParameters())
            {
                Restore();
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Training stopped in epoch {epoch + 1} of {epochs} (counted from 1): a parameter overflowed to infinity or NaN. {BackTo(epoch)}; scale the data to smaller values, or lower the learning rate ({learningRate})."));
            }

            SaveLastGood();
        }

        return epochLoss;

        void SaveLastGood()
        {
            lastGood.SetLength(0);
            network.Save(lastGood);
        }

        void Restore()
        {
            lastGood.Position = 0;
            network.Load(lastGood);
        }
    }
}
