using System.Text.RegularExpressions;

namespace Unrolled.IntegrationTests;

/// <summary>
/// Where Mono is missing, the Mono tests are skipped with the reason, so the README's
/// <c>dotnet test Generated.sln</c> is green on Windows and macOS; in CI (CI=true), which installs
/// Mono, a missing Mono fails them. Proved by running this test assembly's MonoTests in a child
/// process whose PATH holds no mono.
/// </summary>
public sealed partial class MonoSkipTests
{
    [Fact]
    public void Without_mono_on_PATH_the_Mono_tests_are_skipped_with_what_to_install()
    {
        (int exitCode, string output) = RunMonoTestsWithoutMono(ci: string.Empty);

        Assert.True(exitCode == 0, output);
        Summary summary = ReadSummary(output);
        Assert.True(summary.Total > 0 && summary.Skipped == summary.Total && summary.Failed == 0, output);
        Assert.Contains("mono is not installed, so the Mono tests cannot run: skipped", output, StringComparison.Ordinal);
        Assert.Contains("apt-get install mono-runtime", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_mono_on_PATH_in_CI_the_Mono_tests_fail_and_say_CI_must_run_them()
    {
        (int exitCode, string output) = RunMonoTestsWithoutMono(ci: "true");

        Assert.NotEqual(0, exitCode);
        Summary summary = ReadSummary(output);
        Assert.True(summary.Total > 0 && summary.Failed == summary.Total && summary.Skipped == 0, output);
        Assert.Contains("CI (CI=true) must run them", output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) RunMonoTestsWithoutMono(string ci)
    {
        string dotnet = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"))
            .First(File.Exists);
        DirectoryInfo emptyPath = RepositoryPaths.CreateTempDirectory("no-mono");
        try
        {
            // xunit.v3's own console runner, which the test assembly is when started directly.
            return DotNetCli.RunProgramToExit(dotnet, emptyPath.FullName,
                new Dictionary<string, string> { ["PATH"] = emptyPath.FullName, ["CI"] = ci },
                typeof(MonoTests).Assembly.Location, "-class", typeof(MonoTests).FullName!, "-noColor");
        }
        finally
        {
            emptyPath.Delete(recursive: true);
        }
    }

    private static Summary ReadSummary(string output)
    {
        Match match = SummaryLine().Match(output);
        Assert.True(match.Success, $"no test summary in:\n{output}");
        return new Summary(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed record Summary(int Total, int Failed, int Skipped);

    [GeneratedRegex(@"Total: (\d+), Errors: \d+, Failed: (\d+), Skipped: (\d+)")]
    private static partial Regex SummaryLine();
}
