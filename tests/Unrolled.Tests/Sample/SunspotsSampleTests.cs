using Sunspots;

namespace Unrolled.Tests.Sample;

/// <summary>Runs the Sunspots sample's own code: its GRU must beat persistence over 1921-2008, the same way every run.</summary>
public sealed class SunspotsSampleTests
{
    private const ulong DefaultSeed = 1;

    [Fact]
    public void The_GRU_beats_persistence_over_the_test_years()
    {
        ForecastResult result = Forecaster.Run(SunspotSeries.Load(), ForecastSettings.Default, DefaultSeed);
        Assert.Equal(Enumerable.Range(1921, 88), result.Years);
        Assert.Equal(30.436, result.PersistenceRmse, 0.001);
        Assert.Equal(23.294, result.PersistenceMae, 0.001);
        Assert.True(result.ForecastRmse < 0.8 * result.PersistenceRmse, $"GRU RMSE {result.ForecastRmse:F2}, persistence {result.PersistenceRmse:F2}");
        Assert.True(result.ForecastMae < 0.8 * result.PersistenceMae, $"GRU MAE {result.ForecastMae:F2}, persistence {result.PersistenceMae:F2}");
    }

    [Fact]
    public void A_seed_gives_the_same_forecasts_every_run()
    {
        ForecastSettings quick = ForecastSettings.Default with { Epochs = 3 };
        ForecastResult first = Forecaster.Run(SunspotSeries.Load(), quick, 7);
        ForecastResult second = Forecaster.Run(SunspotSeries.Load(), quick, 7);
        ForecastResult other = Forecaster.Run(SunspotSeries.Load(), quick, 8);
        Assert.Equal(first.Forecast, second.Forecast);
        Assert.NotEqual(first.Forecast, other.Forecast);
    }

    [Fact]
    public void A_forecast_reads_only_the_years_before_it()
    {
        // 1950 changed: training (1700-1920) and the forecasts up to 1950's are as before, the later ones are not.
        ForecastSettings quick = ForecastSettings.Default with { Epochs = 3 };
        string csv = SeriesText().Replace("\n1950,83.9\n", "\n1950,150\n", StringComparison.Ordinal);
        Assert.NotEqual(SeriesText(), csv);
        ForecastResult original = Forecaster.Run(SunspotSeries.Load(), quick, DefaultSeed);
        ForecastResult changed = Forecaster.Run(SunspotSeries.Parse(new StringReader(csv)), quick, DefaultSeed);

        int index1950 = 1950 - 1921;
        Assert.Equal(original.Forecast.Take(index1950 + 1), changed.Forecast.Take(index1950 + 1));
        Assert.NotEqual(original.Forecast[index1950 + 1], changed.Forecast[index1950 + 1]);
        Assert.Equal(150, changed.Persistence[index1950 + 1]);
    }

    [Fact]
    public void Persistence_forecasts_each_year_as_the_year_before()
    {
        SunspotSeries series = SunspotSeries.Load();
        ForecastResult result = Forecaster.Run(series, ForecastSettings.Default with { Epochs = 1 }, DefaultSeed);
        Assert.Equal(result.Years.Select(y => series[y - 1]), result.Persistence);
        Assert.Equal(result.Years.Select(y => series[y]), result.Truth);
    }

    [Fact]
    public void Too_few_training_years_for_the_sequence_length_are_refused_with_what_to_change()
    {
        var settings = ForecastSettings.Default with { FirstTestYear = 1720 };
        ArgumentException error = Assert.Throws<ArgumentException>(() => Forecaster.Run(SunspotSeries.Load(), settings, DefaultSeed));
        Assert.Contains("choose a later first test year or shorter sequences", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_picture_is_written()
    {
        string directory = Path.Combine(Path.GetTempPath(), "unrolled-sunspots-" + Guid.NewGuid().ToString("N"));
        try
        {
            ForecastResult result = Forecaster.Run(SunspotSeries.Load(), ForecastSettings.Default with { Epochs = 1 }, DefaultSeed);
            string path = ForecastPicture.Write(result, directory);
            Assert.Equal("sunspots.png", Path.GetFileName(path));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(path)[..4]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static string SeriesText()
    {
        using Stream stream = typeof(SunspotSeries).Assembly.GetManifestResourceStream("Sunspots.sunspots.csv")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>The sample's data: statsmodels' 1700-2008 series, read strictly.</summary>
public sealed class SunspotSeriesTests
{
    [Fact]
    public void The_shipped_series_holds_every_year_from_1700_to_2008()
    {
        SunspotSeries series = SunspotSeries.Load();
        Assert.Equal((1700, 2008, 309), (series.FirstYear, series.LastYear, series.Values.Count));
        Assert.Equal((5.0, 190.2, 2.9), (series[1700], series[1957], series[2008]));
        Assert.Equal(154.4, series.Values.Take(series.IndexOf(1921)).Max());
    }

    [Theory]
    [InlineData("\"YEAR\",\"SUNACTIVITY\"\n1700,5\n1702,16\n", "Line 3 has the year 1702; the years must follow one another, so it must be 1701.")]
    [InlineData("\"YEAR\",\"SUNACTIVITY\"\n1700,5\n1701,-1\n", "Line 3 must be a year and a sunspot number of at least 0, such as 1700,5; it is '1701,-1'.")]
    [InlineData("\"YEAR\",\"SUNACTIVITY\"\n1700;5\n", "Line 2 must be a year and a sunspot number of at least 0, such as 1700,5; it is '1700;5'.")]
    [InlineData("YEAR,SUNACTIVITY\n1700,5\n", "Line 1 must be the header \"YEAR\",\"SUNACTIVITY\", not 'YEAR,SUNACTIVITY'.")]
    [InlineData("\"YEAR\",\"SUNACTIVITY\"\n1700,5\n", "The series needs at least two years after the header.")]
    public void A_malformed_file_is_refused_naming_the_line_and_what_it_must_be(string text, string expected)
    {
        FormatException error = Assert.Throws<FormatException>(() => SunspotSeries.Parse(new StringReader(text)));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_year_outside_the_series_names_the_years_it_holds()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => SunspotSeries.Load()[2009]);
        Assert.Contains("The series holds the years 1700 to 2008.", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The sample's command line: good values are taken, bad ones get one line naming the option and its range, and exit code 2.</summary>
public sealed class SunspotOptionsTests
{
    [Fact]
    public void Defaults_and_given_values_are_read()
    {
        SunspotOptions defaults = Assert.IsType<SunspotOptions>(SunspotOptions.Parse([], TextWriter.Null, out int exitCode));
        Assert.Equal(0, exitCode);
        Assert.Equal((1UL, ForecastSettings.Default.Epochs), (defaults.Seed, defaults.Epochs));

        SunspotOptions given = Assert.IsType<SunspotOptions>(SunspotOptions.Parse(["--seed", "7", "--epochs", "50", "--out", "x"], TextWriter.Null, out _));
        Assert.Equal((7UL, 50, "x"), (given.Seed, given.Epochs, given.OutputDirectory));
    }

    [Theory]
    [InlineData("--seed", "-1", "--seed takes a whole number from 0 to 18446744073709551615")]
    [InlineData("--epochs", "0", "--epochs takes a whole number from 1 to 100000")]
    [InlineData("--epochs", "many", "--epochs takes a whole number from 1 to 100000")]
    public void A_bad_value_is_one_line_naming_the_option_and_its_range(string option, string value, string expected)
    {
        var error = new StringWriter();
        Assert.Null(SunspotOptions.Parse([option, value], error, out int exitCode));
        Assert.Equal(2, exitCode);
        string text = error.ToString();
        Assert.StartsWith("Sunspots: " + expected, text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
