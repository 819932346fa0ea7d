using System.Reflection;

namespace Unrolled.IntegrationTests;

/// <summary>The repository on disk, found from the test binaries, and the version the package is built with.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The package version: the runtime's informational version without the source-control suffix.</summary>
    public static string PackageVersion { get; } =
        typeof(Unrolled.INetwork).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    public static DirectoryInfo CreateTempDirectory(string purpose) => Directory.CreateTempSubdirectory($"unrolled-{purpose}-");

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Generated.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Generated.sln not found above {AppContext.BaseDirectory}.");
    }
}
