using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace Unrolled.IntegrationTests;

/// <summary>
/// The package carries the generator once per Roslyn API it is built against. The .NET SDK's
/// ResolvePackageAssets keeps, per package, only the <c>analyzers/dotnet/roslynX.Y/</c> folder with the
/// highest X.Y not above the compiler's own <c>$(CompilerApiVersion)</c>: each build must reference no
/// newer Roslyn than its folder says (or that compiler reports CS9057), and every compiler must get one.
/// </summary>
[Collection(SerialCli.Name)]
public sealed class PackageAnalyzerTests
{
    internal const string Roslyn43Entry = "analyzers/dotnet/roslyn4.3/cs/Unrolled.Generator.dll";
    internal const string Roslyn414Entry = "analyzers/dotnet/roslyn4.14/cs/Unrolled.Generator.dll";

    /// <summary>Every analyzer entry of the package, in ordinal order.</summary>
    internal static readonly string[] AnalyzerEntries = [Roslyn414Entry, Roslyn43Entry];

    [Theory]
    [InlineData(Roslyn43Entry, "4.3.0.0")]
    [InlineData(Roslyn414Entry, "4.14.0.0")]
    public void Each_generator_build_references_no_Roslyn_newer_than_its_folder(string entry, string folderVersion)
    {
        var newest = Version.Parse(folderVersion);

        Dictionary<string, Version> roslyn = RoslynReferencesOf(entry);

        // The compiler resolves these two by version; a newer one than it carries is CS9057.
        Assert.Equal(newest, roslyn["Microsoft.CodeAnalysis"]);
        Assert.Equal(newest, roslyn["Microsoft.CodeAnalysis.CSharp"]);
        Assert.All(roslyn, reference => Assert.True(reference.Value <= newest, $"{entry} references {reference.Key} {reference.Value}, newer than {newest}"));
    }

    [Theory]
    [InlineData("roslyn4.3", Roslyn43Entry)]
    [InlineData("roslyn4.13", Roslyn43Entry)]
    [InlineData("roslyn4.14", Roslyn414Entry)]
    [InlineData("roslyn5.0", Roslyn414Entry)]
    public void The_SDK_gives_a_compiler_the_newest_generator_build_not_newer_than_itself(string compilerApiVersion, string expected)
    {
        Assert.Equal([expected], UnrolledAnalyzersResolvedFor(compilerApiVersion));
    }

    [Fact]
    public void A_compiler_older_than_Roslyn_4_3_gets_no_generator_build_rather_than_one_it_cannot_load()
    {
        Assert.Empty(UnrolledAnalyzersResolvedFor("roslyn4.2"));
    }

    [Fact]
    public void This_SDK_resolves_exactly_one_generator_build_for_its_own_compiler()
    {
        // No override: _ResolveCompilerVersion reads the compiler's own API version.
        Assert.Equal([Roslyn414Entry], UnrolledAnalyzersResolvedFor(compilerApiVersion: null));
    }

    private static Dictionary<string, Version> RoslynReferencesOf(string entry)
    {
        string package = Path.Combine(PackageConsumerTests.PackOnce().FullName, $"Unrolled.{RepositoryPaths.PackageVersion}.nupkg");
        using ZipArchive zip = ZipFile.OpenRead(package);
        ZipArchiveEntry? dll = zip.GetEntry(entry);
        Assert.True(dll is not null, $"{entry} missing; the package's analyzers are {string.Join(", ", zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("analyzers/", StringComparison.Ordinal)))}");

        // PEReader needs a seekable stream; zip entries are not.
        using var bytes = new MemoryStream();
        using (Stream stream = dll.Open())
        {
            stream.CopyTo(bytes);
        }

        bytes.Position = 0;
        using var pe = new PEReader(bytes);
        MetadataReader metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences
            .Select(handle => metadata.GetAssemblyReference(handle))
            .Where(reference => metadata.GetString(reference.Name).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .ToDictionary(reference => metadata.GetString(reference.Name), reference => reference.Version);
    }

    /// <summary>
    /// The Unrolled analyzers the SDK hands the compiler of a consumer of the package, as package paths,
    /// when the compiler reports <paramref name="compilerApiVersion"/> (null: this SDK's own compiler).
    /// </summary>
    private static string[] UnrolledAnalyzersResolvedFor(string? compilerApiVersion)
    {
        List<string> arguments = ["msbuild", "-t:ResolveLockFileAnalyzers", "-getItem:Analyzer", "-p:Configuration=Release"];
        if (compilerApiVersion is not null)
        {
            arguments.Add("-p:CompilerApiVersion=" + compilerApiVersion);
        }

        string json = DotNetCli.Run(s_consumer.Value.FullName, [.. arguments]);

        using JsonDocument document = JsonDocument.Parse(json[json.IndexOf('{', StringComparison.Ordinal)..]);
        string packageRoot = Path.Combine("unrolled", RepositoryPaths.PackageVersion).Replace('\\', '/') + "/";
        if (!document.RootElement.GetProperty("Items").TryGetProperty("Analyzer", out JsonElement analyzers))
        {
            return [];
        }

        return [.. analyzers.EnumerateArray()
            .Select(item => item.GetProperty("FullPath").GetString()!.Replace('\\', '/'))
            .Where(path => path.Contains("/" + packageRoot, StringComparison.OrdinalIgnoreCase))
            .Select(path => path[(path.IndexOf("/" + packageRoot, StringComparison.OrdinalIgnoreCase) + packageRoot.Length + 1)..])
            .Order(StringComparer.Ordinal)];
    }

    private static readonly Lazy<DirectoryInfo> s_consumer = new(() =>
    {
        DirectoryInfo app = PackageConsumerTests.CreateConsumer("analyzer-selection");
        DotNetCli.Run(app.FullName, "add", "package", "Unrolled", "--version", RepositoryPaths.PackageVersion);
        return app;
    });
}
