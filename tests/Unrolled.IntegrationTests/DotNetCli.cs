using System.Diagnostics;
using System.Text;

namespace Unrolled.IntegrationTests;

/// <summary>Runs the dotnet CLI as a user would, and fails with its whole output when it fails.</summary>
internal static class DotNetCli
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(10);

    public static string Run(string workingDirectory, params string[] arguments) => RunProgram("dotnet", workingDirectory, arguments);

    public static string RunProgram(string fileName, string workingDirectory, params string[] arguments) =>
        RunProgram(fileName, workingDirectory, new Dictionary<string, string>(), arguments);

    public static string RunProgram(string fileName, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        (int exitCode, string text) = RunProgramToExit(fileName, workingDirectory, environment, arguments);
        Assert.True(exitCode == 0, $"'{fileName} {string.Join(' ', arguments)}' in {workingDirectory} exited with {exitCode}:\n{text}");
        return text;
    }

    /// <summary>Runs the dotnet CLI and returns its exit code and output, for a command that is meant to fail.</summary>
    public static (int ExitCode, string Output) RunAllowingFailure(string workingDirectory, params string[] arguments) =>
        RunProgramToExit("dotnet", workingDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>Runs a program that may fail: its exit code and its whole output.</summary>
    public static (int ExitCode, string Output) RunProgramToExit(string fileName, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Plain, stable output to assert on, and no first-run noise.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDTERMINALLOGGER"] = "off";
        // Inherited from `dotnet test`, these would point child builds at the wrong MSBuild or runtime.
        foreach (string variable in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
        {
            start.Environment.Remove(variable);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{fileName} {string.Join(' ', arguments)}' timed out after {s_timeout}.\n{output}");
        }

        process.WaitForExit();
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        return (process.ExitCode, text);
    }
}
