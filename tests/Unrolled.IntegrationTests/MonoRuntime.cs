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

    /// <summary>The mono executable; fails, never skips, without it: CI must run these tests.</summary>
    public static string Executable => FindOnPath("mono")
        ?? throw new InvalidOperationException("mono is not installed, so the Mono test cannot run: install Debian's mono-runtime (apt-get install mono-runtime), as .ci/run does.");

    /// <summary>netstandard.dll for Mono's 4.5 profile.</summary>
    public static string NetStandardFacade => s_facade.Value;

    private static string FindOrFetchFacade()
    {
        string installed = Path.Combine("/usr/lib/mono/4.5/Facades", "netstandard.dll");
        if (File.Exists(installed))
        {
            return installed;
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
