using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;

namespace Sunspots;

/// <summary>The sample's command line; every bad value is one line naming the option and its range.</summary>
public sealed record SunspotOptions(ulong Seed, int Epochs, string OutputDirectory)
{
    public const int MaxEpochs = 100_000;

    private static readonly Option<ulong> s_seed = new("--seed")
    {
        Description = "Seed of the network's initial weights and of the order of the training windows; the same seed gives the same run.",
        DefaultValueFactory = _ => 1,
        CustomParser = r => Parse(r, text => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : null,
            "--seed takes a whole number from 0 to 18446744073709551615", 0UL),
    };

    private static readonly Option<int> s_epochs = new("--epochs")
    {
        Description = "Passes over the training windows.",
        DefaultValueFactory = _ => ForecastSettings.Default.Epochs,
        CustomParser = r => Parse(r, text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v is >= 1 and <= MaxEpochs ? v : null,
            $"--epochs takes a whole number from 1 to {MaxEpochs.ToString(CultureInfo.InvariantCulture)}", 0),
    };

    private static readonly Option<string> s_out = new("--out")
    {
        Description = "Directory for the picture sunspots.png; created if missing.",
        DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "out"),
    };

    /// <summary>The options, or the exit code to stop with: 0 after --help, 2 after a bad value (its one-line error written to <paramref name="error"/>).</summary>
    public static SunspotOptions? Parse(string[] args, TextWriter error, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(error);
        var root = new RootCommand("Trains a GRU on the yearly sunspot numbers 1700-1920 and forecasts 1921-2008 one year ahead, beside the persistence baseline.")
        {
            s_seed, s_epochs, s_out,
        };
        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            string message = result.Errors[0].Message;
            error.WriteLine("Sunspots: " + message + (message.StartsWith("--", StringComparison.Ordinal) ? string.Empty : " Run with --help to see the options."));
            exitCode = 2;
            return null;
        }

        // The root command has no action of its own: an action here is --help's or --version's.
        if (result.Action is not null)
        {
            exitCode = result.Invoke();
            return null;
        }

        exitCode = 0;
        return new SunspotOptions(result.GetValue(s_seed), result.GetValue(s_epochs), result.GetValue(s_out)!);
    }

    private static T Parse<T>(ArgumentResult result, Func<string, T?> parse, string range, T fallback)
        where T : struct
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (parse(text) is T value)
        {
            return value;
        }

        result.AddError($"{range}; '{text}' is not.");
        return fallback;
    }
}
