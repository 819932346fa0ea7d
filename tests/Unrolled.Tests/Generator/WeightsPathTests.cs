using Microsoft.CodeAnalysis;
using Unrolled.Generator;
using Unrolled.Generator.Model;
using Unrolled.Generator.Parsing;
using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Generator;

/// <summary>
/// How <c>Weights = "path"</c> finds its file: normalised like a file system path, matched from the
/// project directory first, then by the end of the path when exactly one file fits.
/// </summary>
public sealed class WeightsPathTests
{
    private static readonly string s_saved = SavedNetworks.Text(new XorNetwork());

    [Theory]
    [InlineData("./xor.unrolled", "/project/")]
    [InlineData("./xor.unrolled", null)]
    [InlineData(".\\xor.unrolled", "/project/")]
    [InlineData("data/../xor.unrolled", "/project/")]
    [InlineData("./data/./../xor.unrolled", null)]
    [InlineData("/project/xor.unrolled", "/project/")]
    [InlineData("/project/./xor.unrolled", null)]
    public void A_path_with_dots_or_backslashes_finds_the_listed_file(string weights, string? projectDirectory) =>
        AssertResolves(weights, projectDirectory, new InMemoryAdditionalText("/project/xor.unrolled", s_saved));

    [Theory]
    [InlineData("data/xor.unrolled")]
    [InlineData("data\\xor.unrolled")]
    [InlineData("xor.unrolled")]
    public void A_file_in_a_folder_is_found_with_either_slash_on_a_windows_path(string weights) =>
        AssertResolves(weights, "C:\\src\\app\\", new InMemoryAdditionalText("C:\\src\\app\\data\\xor.unrolled", s_saved));

    [Fact]
    public void The_path_from_the_project_directory_wins_over_a_file_of_that_name_in_a_folder() =>
        AssertResolves("net.unrolled", "/project/",
            new InMemoryAdditionalText("/project/archive/net.unrolled", "an older file that is not base64 !"),
            new InMemoryAdditionalText("/project/net.unrolled", s_saved));

    [Fact]
    public void A_longer_path_picks_one_of_two_files_of_that_name() =>
        AssertResolves("v2/net.unrolled", "/project/",
            new InMemoryAdditionalText("/project/v1/net.unrolled", "not base64 !"),
            new InMemoryAdditionalText("/project/v2/net.unrolled", s_saved));

    [Fact]
    public void A_path_may_leave_the_project_directory() =>
        AssertResolves("../../shared/net.unrolled", "/repo/src/app/",
            new InMemoryAdditionalText("/repo/src/app/shared/net.unrolled", "not base64 !"),
            new InMemoryAdditionalText("/repo/shared/net.unrolled", s_saved));

    [Fact]
    public void The_same_file_listed_twice_is_one_file() =>
        AssertResolves("xor.unrolled", "/project/",
            new InMemoryAdditionalText("/project/xor.unrolled", s_saved),
            new InMemoryAdditionalText("/project/data/../xor.unrolled", s_saved));

    [Fact]
    public void Case_matters_where_the_file_system_says_it_does()
    {
        var file = new InMemoryAdditionalText("/project/Models/xor.unrolled", s_saved);
        GeneratorRun run = GeneratorHarness.RunInProject("/project/", [file], "[Unrolled.Network(2, 4, 1, Weights = \"models/XOR.unrolled\")] public partial class Frozen;");
        if (WeightsPath.FileSystemCase == StringComparison.Ordinal)
        {
            Assert.Equal("UNR019", Assert.Single(run.GeneratorDiagnostics).Id);
        }
        else
        {
            Assert.Empty(run.GeneratorDiagnostics);
        }

        Assert.Equal(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal, WeightsPath.FileSystemCase);
    }

    [Fact]
    public void The_matcher_compares_case_as_it_is_told()
    {
        AdditionalFileText[] files = [new("C:\\App\\Data\\Net.unrolled", "x", "Data/Net.unrolled"), new("C:\\App\\Old\\net.unrolled", "x", "Old/net.unrolled")];
        Assert.Equal(["C:\\App\\Data\\Net.unrolled"], WeightsFileMatcher.Find("data/net.UNROLLED", files, StringComparison.OrdinalIgnoreCase).Select(f => f.Path));
        Assert.Empty(WeightsFileMatcher.Find("data/net.UNROLLED", files, StringComparison.Ordinal));
        Assert.Equal(2, WeightsFileMatcher.Find("NET.unrolled", files, StringComparison.OrdinalIgnoreCase).Length);
        Assert.Equal(["C:\\App\\Old\\net.unrolled"], WeightsFileMatcher.Find("net.unrolled", files, StringComparison.Ordinal).Select(f => f.Path));
    }

    [Theory]
    [InlineData("./a/b", "a/b")]
    [InlineData("a\\b\\", "a/b")]
    [InlineData("a//./b", "a/b")]
    [InlineData("a/../b", "b")]
    [InlineData("../a", "../a")]
    [InlineData("a/../../b", "../b")]
    [InlineData("/x/../../y", "/y")]
    [InlineData("C:\\a\\.\\b", "C:/a/b")]
    [InlineData("\\\\server\\share\\..\\x", "//server/x")]
    [InlineData(".", "")]
    public void Normalize_applies_dots_and_slashes(string path, string expected) =>
        Assert.Equal(expected, WeightsPath.Normalize(path));

    [Theory]
    [InlineData("/p/", "/p/a/b", "a/b")]
    [InlineData("/p", "/p/a", "a")]
    [InlineData("/repo/app/", "/repo/shared/x", "../shared/x")]
    [InlineData("C:\\src\\app\\", "C:\\src\\app\\data\\x", "data/x")]
    [InlineData("C:/a/", "D:/a/x", null)]
    [InlineData("relative/", "/p/x", null)]
    [InlineData(null, "/p/x", null)]
    public void RelativeTo_walks_from_the_directory_to_the_file(string? directory, string path, string? expected) =>
        Assert.Equal(expected, WeightsPath.RelativeTo(directory, path, StringComparison.Ordinal));

    [Fact]
    public void RelativeTo_compares_case_as_it_is_told()
    {
        Assert.Equal("x", WeightsPath.RelativeTo("C:/Src/App/", "c:/src/app/x", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("../../src/app/x", WeightsPath.RelativeTo("/Src/App/", "/src/app/x", StringComparison.Ordinal));
    }

    [Fact]
    public void The_project_directory_comes_from_the_build_and_other_build_properties_leave_the_weights_cached()
    {
        const string Source = "[Unrolled.Network(2, 4, 1, Weights = \"net.unrolled\")] public partial class Frozen;";
        AdditionalText[] files = [new InMemoryAdditionalText("/project/archive/net.unrolled", "not base64 !"), new InMemoryAdditionalText("/project/net.unrolled", s_saved)];
        Compilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(additionalFiles: files, buildProperties: Properties("/project/", "net10.0"))
            .RunGenerators(compilation, TestContext.Current.CancellationToken);
        Assert.Empty(driver.GetRunResult().Diagnostics);

        driver = driver.WithUpdatedAnalyzerConfigOptions(Properties("/project/", "net9.0")).RunGenerators(compilation, TestContext.Current.CancellationToken);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(Assert.Single(result.TrackedSteps[TrackingNames.ProjectDirectory]).Outputs).Reason);
        foreach (string step in new[] { TrackingNames.AllWeightsFiles, TrackingNames.Resolved })
        {
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }

        // Seen from another directory the same name now fits two files, and the generator says so.
        driver = driver.WithUpdatedAnalyzerConfigOptions(Properties("/elsewhere/", "net9.0")).RunGenerators(compilation, TestContext.Current.CancellationToken);
        Assert.Equal("UNR022", Assert.Single(driver.GetRunResult().Diagnostics).Id);
    }

    private static BuildProperties Properties(string projectDirectory, string targetFramework) =>
        new(new Dictionary<string, string> { ["ProjectDir"] = projectDirectory, ["TargetFramework"] = targetFramework });

    private static void AssertResolves(string weights, string? projectDirectory, params AdditionalText[] files)
    {
        GeneratorRun run = GeneratorHarness.RunInProject(projectDirectory, files, $"[Unrolled.Network(2, 4, 1, Weights = @\"{weights}\")] public partial class Frozen;");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        Assert.Contains(run.Sources, s => s.HintName == "Frozen.g.cs");
    }
}
