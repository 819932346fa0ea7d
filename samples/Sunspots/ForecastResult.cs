using System;
using System.Collections.Generic;
using System.Linq;

namespace Sunspots;

/// <summary>The test years, their true sunspot numbers, the GRU's one-year-ahead forecasts and the persistence baseline's.</summary>
public sealed class ForecastResult(int[] years, double[] truth, double[] forecast, double[] persistence, double finalTrainingLoss)
{
    public IReadOnlyList<int> Years => years;

    public IReadOnlyList<double> Truth => truth;

    /// <summary>The network's forecast of each year, made from the years before it.</summary>
    public IReadOnlyList<double> Forecast => forecast;

    /// <summary>The baseline: each year forecast as the year before it.</summary>
    public IReadOnlyList<double> Persistence => persistence;

    /// <summary>The last training epoch's mean loss, on the scaled series.</summary>
    public double FinalTrainingLoss => finalTrainingLoss;

    public double ForecastRmse => Rmse(forecast);

    public double ForecastMae => Mae(forecast);

    public double PersistenceRmse => Rmse(persistence);

    public double PersistenceMae => Mae(persistence);

    /// <summary>Root mean squared error over the test years, in sunspot numbers.</summary>
    private double Rmse(double[] predicted) => Math.Sqrt(predicted.Zip(truth, (p, t) => (p - t) * (p - t)).Average());

    /// <summary>Mean absolute error over the test years, in sunspot numbers.</summary>
    private double Mae(double[] predicted) => predicted.Zip(truth, (p, t) => Math.Abs(p - t)).Average();
}
