using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Sunspots;

/// <summary>The yearly sunspot numbers, one value per consecutive year, as read from sunspots.csv.</summary>
public sealed class SunspotSeries
{
    private const string ResourceName = "Sunspots.sunspots.csv";
    private const string Header = "\"YEAR\",\"SUNACTIVITY\"";

    private SunspotSeries(int firstYear, double[] values)
    {
        FirstYear = firstYear;
        Values = values;
    }

    /// <summary>The year of <see cref="Values"/>[0].</summary>
    public int FirstYear { get; }

    /// <summary>The last year in the series.</summary>
    public int LastYear => FirstYear + Values.Count - 1;

    /// <summary>The sunspot number of every year from <see cref="FirstYear"/> on, in order.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>The 1700-2008 series the sample ships, read from the copy embedded in this assembly.</summary>
    public static SunspotSeries Load()
    {
        using Stream stream = typeof(SunspotSeries).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing: Sunspots.csproj embeds sunspots.csv under that name.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    /// <summary>
    /// Reads the header line "YEAR","SUNACTIVITY" and then one "year,number" line per year, the years consecutive.
    /// </summary>
    /// <exception cref="FormatException">A line is not of that form; the message names the line and what is wrong.</exception>
    public static SunspotSeries Parse(TextReader reader)
    {
        string? header = reader.ReadLine();
        if (header != Header)
        {
            throw new FormatException($"Line 1 must be the header {Header}, not '{header}'.");
        }

        var values = new List<double>();
        int firstYear = 0;
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split(',');
            if (fields.Length != 2
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int year)
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                || !double.IsFinite(value) || value < 0)
            {
                throw new FormatException($"Line {lineNumber} must be a year and a sunspot number of at least 0, such as 1700,5; it is '{line}'.");
            }

            if (values.Count == 0)
            {
                firstYear = year;
            }
            else if (year != firstYear + values.Count)
            {
                throw new FormatException($"Line {lineNumber} has the year {year}; the years must follow one another, so it must be {firstYear + values.Count}.");
            }

            values.Add(value);
        }

        if (values.Count < 2)
        {
            throw new FormatException("The series needs at least two years after the header.");
        }

        return new SunspotSeries(firstYear, [.. values]);
    }

    /// <summary>The sunspot number of <paramref name="year"/>.</summary>
    public double this[int year] => Values[IndexOf(year)];

    /// <summary>The index of <paramref name="year"/> in <see cref="Values"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside the series.</exception>
    public int IndexOf(int year) => year >= FirstYear && year <= LastYear
        ? year - FirstYear
        : throw new ArgumentOutOfRangeException(nameof(year), year, $"The series holds the years {FirstYear} to {LastYear}.");
}
