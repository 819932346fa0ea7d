namespace Unrolled.IntegrationTests;

/// <summary>
/// Debian's Mono (mono-runtime, the runtime family Unity uses) and the netstandard.dll facade it
/// needs for .NET Standard 2.1 assemblies, which only Debian's mono-devel carries: taken from that
/// package once (apt-get download, no install) into a cache beside the test binaries.
/// </summary>
internal static class MonoRuntime
{
    private const string FacadeInPackage = "./usr/lib/mono/4.5/Facades/netstandard.dll";
    private static readonly Lazy<string> s_facade = new(FindOrFetchFacade);

    /// <summary>
    /// The mono executable. Without it the test is skipped with the reason (a developer's machine
    /// without Mono, Windows, macOS), except in CI (CI=true): .ci/run installs Mono, so there a
    /// missing Mono is a failure, never a silent skip.
    /// </summary>
    public static string Executable
    {
        get
        {
            string? mono = FindOnPath("mono") ?? FindOnPath("mono.exe");
            const string Missing = "mono is not installed, so the Mono tests cannot run";
            Assert.SkipWhen(mono is null && !IsContinuousIntegration,
                Missing + ": skipped. To run them, install Mono (Debian or Ubuntu: apt-get install mono-runtime; elsewhere: Mono from mono-project.com) and put it on PATH.");
            return mono ?? throw new InvalidOperationException(
                Missing + ", and CI (CI=true) must run them: install Debian's mono-runtime (apt-get install mono-runtime), as .ci/run does.");
        }
    }

    /// <summary>True on a build server: the CI variable every common one sets (GitHub Actions, Azure Pipelines, GitLab, .ci/run).</summary>
    public static bool IsContinuousIntegration =>
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>netstandard.dll for Mono's 4.5 profile.</summary>
    public static string NetStandardFacade => s_facade.Value;

    private static string FindOrFetchFacade()
    {
        // mono-devel's copy, or the one an upstream Mono (mono-project.com, macOS) installs beside itself.
        string mono = Executable;
        string prefix = Path.GetDirectoryName(Path.GetDirectoryName(File.ResolveLinkTarget(mono, returnFinalTarget: true)?.FullName ?? mono)!)!;
        foreach (string installed in new[] { "/usr/lib/mono/4.5/Facades/netstandard.dll", Path.Combine(prefix, "lib", "mono", "4.5", "Facades", "netstandard.dll") })
        {
            if (File.Exists(installed))
            {
                return installed;
            }
        }

        string cache = Path.Combine(AppContext.BaseDirectory, "mono-facade");
        string cached = Path.Combine(cache, "netstandard.dll");
        if (File.Exists(cached))
        {
            return cached;
        }

        DirectoryInfo download = RepositoryPaths.CreateTempDirectory("mono-devel");
        try
        {
            const string Help = "Mono needs netstandard.dll from Debian's mono-devel: install mono-devel, or let this test fetch it (apt-get download mono-devel, which needs apt's package lists: apt-get update).";
            string apt = FindOnPath("apt-get") ?? throw new InvalidOperationException(Help);
            try
            {
                DotNetCli.RunProgram(apt, download.FullName, "download", "mono-devel");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidOperationException(Help, e);
            }

            string package = download.GetFiles("mono-devel_*.deb").Single().FullName;
            DotNetCli.RunProgram("/bin/sh", download.FullName, "-c", $"dpkg-deb --fsys-tarfile '{package}' | tar -x '{FacadeInPackage}'");
            Directory.CreateDirectory(cache);
            File.Copy(Path.Combine(download.FullName, FacadeInPackage), cached, overwrite: true);
            return cached;
        }
        finally
        {
            download.Delete(recursive: true);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
