using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;

namespace Sunspots;

/// <summary>The sample's picture, drawn with ScottPlot: the test years' true numbers, the GRU's forecasts and persistence's.</summary>
public static class ForecastPicture
{
    public const string FileName = "sunspots.png";

    /// <summary>Writes sunspots.png to <paramref name="directory"/>, creating it if needed; returns its path.</summary>
    public static string Write(ForecastResult result, string directory)
    {
        System.ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        double[] years = [.. result.Years.Select(y => (double)y)];

        var plot = new Plot();
        var persistence = plot.Add.ScatterLine(years, [.. result.Persistence]);
        persistence.Color = Colors.Gray;
        persistence.LinePattern = LinePattern.Dashed;
        persistence.LegendText = $"persistence, next year = this year (RMSE {result.PersistenceRmse:F1}, MAE {result.PersistenceMae:F1})";

        var truth = plot.Add.Scatter(years, [.. result.Truth]);
        truth.Color = Colors.Black;
        truth.MarkerSize = 5;
        truth.LegendText = "observed yearly sunspot number";

        var forecast = plot.Add.Scatter(years, [.. result.Forecast]);
        forecast.Color = Colors.OrangeRed;
        forecast.LineWidth = 2;
        forecast.MarkerSize = 0;
        forecast.LegendText = $"GRU-16 forecast, one year ahead (RMSE {result.ForecastRmse:F1}, MAE {result.ForecastMae:F1})";

        plot.Title($"Sunspots {result.Years[0]}-{result.Years[^1]}: forecast from the years before each one");
        // Years, not quantities: no thousands separator.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = x => x.ToString("0", CultureInfo.InvariantCulture),
        };
        plot.XLabel("year");
        plot.YLabel("yearly mean sunspot number");
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.SetLimitsY(0, 1.25 * result.Truth.Concat(result.Forecast).Max());
        string path = Path.Combine(directory, FileName);
        plot.SavePng(path, 1000, 480);
        return path;
    }
}
