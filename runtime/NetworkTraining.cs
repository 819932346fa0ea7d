using System;
using System.Globalization;

namespace Unrolled;

/// <summary>
/// Training loops with a safety net: they stop with a clear message when the loss turns NaN or
/// infinite, or grows far beyond where it started, and put the network back as it was at the end
/// of the last good epoch, so hours of training are never lost to one bad step.
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
    /// The loss became NaN or infinite, a parameter overflowed, or an epoch's mean loss exceeded <paramref name="divergenceFactor"/> times the
    /// first's. The network holds the parameters it had at the end of the last good epoch, and its optimizer starts afresh.
    /// </exception>
    public static double TrainEpochs(INetwork network, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, double learningRate, int epochs,
        double divergenceFactor = DefaultDivergenceFactor)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        if (!(divergenceFactor > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(divergenceFactor), divergenceFactor, "The divergence factor must be greater than 1.");
        }

        int rows = NetworkGuard.RowCount(inputs.Length, network.InputCount, targets.Length, network.OutputCount);
        double[] lastGood = new double[network.ParameterCount];
        double[] current = new double[network.ParameterCount];
        network.CopyParametersTo(lastGood);
        double firstEpochLoss = double.NaN;
        double epochLoss = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            double sum = 0;
            for (int row = 0; row < rows; row++)
            {
                double loss = network.Train(inputs.Slice(row * network.InputCount, network.InputCount), targets.Slice(row * network.OutputCount, network.OutputCount), learningRate);
                if (!double.IsFinite(loss))
                {
                    network.SetParameters(lastGood);
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"Training stopped in epoch {epoch + 1}, row {row}: the loss is {loss}. The network is back where it was after epoch {epoch}; check the data for NaN or infinite values, or lower the learning rate ({learningRate})."));
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
                network.SetParameters(lastGood);
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Training diverged in epoch {epoch + 1}: the mean loss {epochLoss:G4} is more than {divergenceFactor:G4} times the first epoch's {firstEpochLoss:G4}. The network is back where it was after epoch {epoch}; lower the learning rate ({learningRate})."));
            }

            // Train refuses NaN and infinite values, but a finite value near double's limit can still
            // overflow inside an update; then the epoch's parameters are not kept.
            network.CopyParametersTo(current);
            if (!Array.TrueForAll(current, double.IsFinite))
            {
                network.SetParameters(lastGood);
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Training stopped in epoch {epoch + 1}: a parameter overflowed to infinity or NaN. The network is back where it was after epoch {epoch}; scale the data to smaller values, or lower the learning rate ({learningRate})."));
            }

            (lastGood, current) = (current, lastGood);
        }

        return epochLoss;
    }
}
