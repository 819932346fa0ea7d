using System.Diagnostics;

namespace Unrolled.Benchmarks;

/// <summary>Runs a command for the measuring modes, and fails loudly when it fails.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs <paramref name="command"/> in <paramref name="directory"/> and returns its standard output.</summary>
    public static string Run(string command, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed:\n{output}{errors.Result}");
        }

        return output;
    }
}
