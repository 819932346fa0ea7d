namespace Sunspots;

/// <summary>How the sample splits the series and trains its network; <see cref="Default"/> is what it runs.</summary>
/// <param name="FirstTestYear">The first year forecast and scored; every year before it is training data.</param>
/// <param name="SequenceLength">Years in one training window: enough to hold a whole eleven-year cycle and more.</param>
/// <param name="BatchSize">Windows averaged in one TrainSequenceBatch step.</param>
/// <param name="Epochs">Passes over every window of the training period.</param>
/// <param name="LearningRate">Adam's step size.</param>
public sealed record ForecastSettings(int FirstTestYear, int SequenceLength, int BatchSize, int Epochs, double LearningRate)
{
    /// <summary>Train on 1700-1920, forecast 1921-2008.</summary>
    public static ForecastSettings Default { get; } = new(FirstTestYear: 1921, SequenceLength: 30, BatchSize: 8, Epochs: 100, LearningRate: 0.005);
}
