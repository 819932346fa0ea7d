namespace Unrolled.Tests.Infrastructure;

/// <summary>Finds the test project and the repository on disk from the test binaries, wherever the clone is.</summary>
internal static class TestPaths
{
    public static string ProjectDirectory { get; } = FindUp("Unrolled.Tests.csproj");

    public static string RepositoryRoot { get; } = FindUp("Generated.sln");

    private static string FindUp(string fileName)
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, fileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Could not find {fileName} above {AppContext.BaseDirectory}.");
    }
}
