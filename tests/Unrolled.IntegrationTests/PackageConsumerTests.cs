using System.IO.Compression;
using System.Xml.Linq;

namespace Unrolled.IntegrationTests;

/// <summary>
/// The package as a user meets it: packed into a local feed, added by name and version to a new
/// console project that sees nothing of this repository, built, run.
/// </summary>
[Collection(SerialCli.Name)]
public sealed class PackageConsumerTests
{
    private const string ConsumerProgram = """
        using System;
        using Consumer;

        var net = new Net352();
        net.Randomize(42);
        // Output 0 is x0 AND x1, output 1 is x2.
        double[][] inputs = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]];
        double[][] targets = [[0, 0], [0, 1], [0, 1], [1, 0]];
        for (int epoch = 0; epoch < 4000; epoch++)
        {
            for (int row = 0; row < inputs.Length; row++)
            {
                net.Train(inputs[row], targets[row], 0.5);
            }
        }

        bool learned = true;
        double[] output = new double[Net352.OutputCount];
        for (int row = 0; row < inputs.Length; row++)
        {
            net.Predict(inputs[row], output);
            learned &= Math.Round(output[0]) == targets[row][0] && Math.Round(output[1]) == targets[row][1];
        }

        Console.WriteLine($"ParameterCount={Net352.ParameterCount} layers={string.Join("-", Net352.LayerSizes.ToArray())} learned={learned}");

        namespace Consumer
        {
            [Unrolled.Network(3, 5, 2)]
            public partial class Net352;
        }
        """;

    [Fact]
    public void Pack_produces_one_package_with_the_runtime_in_lib_and_the_generator_in_analyzers()
    {
        DirectoryInfo feed = PackOnce();
        string package = Path.Combine(feed.FullName, $"Unrolled.{RepositoryPaths.PackageVersion}.nupkg");
        Assert.True(File.Exists(package), $"{package} missing; the feed holds {string.Join(", ", feed.GetFiles().Select(f => f.Name))}");
        Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), "symbols package missing");

        using ZipArchive zip = ZipFile.OpenRead(package);
        string[] entries = [.. zip.Entries.Select(e => e.FullName)];
        Assert.Contains("lib/net8.0/Unrolled.dll", entries);
        // Unity, Mono and any .NET Standard 2.1 consumer; nothing else in lib/.
        Assert.Contains("lib/netstandard2.1/Unrolled.dll", entries);
        Assert.Equal(["net8.0", "netstandard2.1"], entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).Select(e => e.Split('/')[1]).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains("README.md", entries);
        // The build step, for a project that references the package and for one that gets it through another project.
        Assert.Contains("build/Unrolled.targets", entries);
        Assert.Contains("buildTransitive/Unrolled.targets", entries);
        Assert.Contains("build/Unrolled.WeightsAsText.targets", entries);
        // Only the generator itself, once per Roslyn it is built for (PackageAnalyzerTests checks which
        // loads): Roslyn comes with the compiler and must not ship with us.
        Assert.Equal(PackageAnalyzerTests.AnalyzerEntries, entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        using Stream nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        XElement metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("Unrolled", Value("id"));
        Assert.Equal(RepositoryPaths.PackageVersion, Value("version"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("source-generator", Value("tags"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.Equal("git", metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("type")?.Value);
        // No dependency leaks to consumers: the dependency group is empty.
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
    }

    [Fact]
    public void A_new_console_project_adds_the_package_by_name_builds_trains_and_predicts()
    {
        DirectoryInfo app = CreateConsumer("console");
        DotNetCli.Run(app.FullName, "add", "package", "Unrolled", "--version", RepositoryPaths.PackageVersion);

        string output = DotNetCli.Run(app.FullName, "run", "-c", "Release");

        Assert.Contains("ParameterCount=32 layers=3-5-2 learned=True", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consumer_with_EmitCompilerGeneratedFiles_finds_the_generated_file_at_the_documented_path()
    {
        DirectoryInfo app = CreateConsumer("emit");
        DotNetCli.Run(app.FullName, "add", "package", "Unrolled", "--version", RepositoryPaths.PackageVersion);

        DotNetCli.Run(app.FullName, "build", "-c", "Release", "-p:EmitCompilerGeneratedFiles=true");

        // The path README.md documents: obj/<Configuration>/<TargetFramework>/generated/<assembly>/<generator type>/<hint name>.
        string generated = Path.Combine(app.FullName, "obj", "Release", "net10.0", "generated",
            "Unrolled.Generator", "Unrolled.Generator.NetworkGenerator", "Consumer.Net352.g.cs");
        Assert.True(File.Exists(generated), $"{generated} not found");
        string source = File.ReadAllText(generated);
        Assert.Contains("// <auto-generated/>", source, StringComparison.Ordinal);
        Assert.Contains("Topology 3-5-2, double precision: 32 parameters", source, StringComparison.Ordinal);
        string machinery = Path.Combine(Path.GetDirectoryName(generated)!, "Consumer.Net352-Machinery.g.cs");
        Assert.Contains("TrainBatch(", File.ReadAllText(machinery), StringComparison.Ordinal);
    }

    [Fact]
    public void A_consumer_with_model_onnx_builds_a_frozen_network_that_predicts_bit_for_bit_like_the_imported_one()
    {
        DirectoryInfo app = CreateConsumer("onnx");
        DotNetCli.Run(app.FullName, "add", "package", "Unrolled", "--version", RepositoryPaths.PackageVersion);
        string fixtures = Path.Combine(RepositoryPaths.Root, "tests", "Unrolled.Tests", "Onnx", "Fixtures");
        File.Copy(Path.Combine(fixtures, "tanh_2_5_3_1_double.onnx"), Path.Combine(app.FullName, "model.onnx"));
        string project = Path.Combine(app.FullName, "App.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", """
              <ItemGroup>
                <AdditionalFiles Include="model.onnx" />
                <None Include="model.onnx" CopyToOutputDirectory="PreserveNewest" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(app.FullName, "Program.cs"), OnnxConsumerProgram);

        string output = DotNetCli.Run(app.FullName, "run", "-c", "Release");

        Assert.Contains("same=True", output, StringComparison.Ordinal);
        // PyTorch's own output for the input (0, 0), from the fixture's expected outputs.
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(fixtures, "tanh_2_5_3_1_double.json")));
        double pytorch = double.Parse(json.RootElement.GetProperty("outputs")[0][0].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        string zero = output[(output.IndexOf("zero=", StringComparison.Ordinal) + 5)..].Trim();
        Assert.True(Math.Abs(double.Parse(zero, System.Globalization.CultureInfo.InvariantCulture) - pytorch) <= 1e-12, $"frozen {zero}, PyTorch {pytorch:R}");
    }

    private const string OnnxConsumerProgram = """
        using System;
        using System.IO;
        using Consumer;

        var trainable = new Trainable();
        Unrolled.NetworkFile.ImportOnnx(trainable, Path.Combine(AppContext.BaseDirectory, "model.onnx"));
        var frozen = new Frozen();
        bool same = true;
        double[] a = new double[1], b = new double[1];
        for (int i = 0; i < 50; i++)
        {
            double[] x = [(i * 0.1) - 2.5, 1.5 - (i * 0.07)];
            trainable.Predict(x, a);
            frozen.Predict(x, b);
            same &= BitConverter.DoubleToInt64Bits(a[0]) == BitConverter.DoubleToInt64Bits(b[0]);
        }

        frozen.Predict([0.0, 0.0], b);
        Console.WriteLine(FormattableString.Invariant($"same={same} zero={b[0]:R}"));

        namespace Consumer
        {
            [Unrolled.Network(2, 5, 3, 1, Hidden = Unrolled.Activation.Tanh)]
            public partial class Trainable;

            [Unrolled.Network(2, 5, 3, 1, Hidden = Unrolled.Activation.Tanh, Weights = "model.onnx")]
            public partial class Frozen;
        }
        """;

    private static readonly Lazy<DirectoryInfo> s_feed = new(() =>
    {
        DirectoryInfo feed = RepositoryPaths.CreateTempDirectory("feed");
        DotNetCli.Run(RepositoryPaths.Root, "pack", Path.Combine("runtime", "Unrolled.csproj"), "-c", "Release", "-o", feed.FullName);
        return feed;
    });

    internal static DirectoryInfo PackOnce() => s_feed.Value;

    /// <summary>A new console project whose only package source is the local feed, with its own package cache.</summary>
    internal static DirectoryInfo CreateConsumer(string name)
    {
        DirectoryInfo root = RepositoryPaths.CreateTempDirectory("consumer-" + name);
        string app = Path.Combine(root.FullName, "App");
        DotNetCli.Run(root.FullName, "new", "console", "-o", app, "--framework", "net10.0", "--no-restore");
        WriteNuGetConfig(app, Path.Combine(root.FullName, "packages"));
        File.WriteAllText(Path.Combine(app, "Program.cs"), ConsumerProgram);
        return new DirectoryInfo(app);
    }

    /// <summary>
    /// A nuget.config in <paramref name="directory"/>, for the projects in and below it: Unrolled from
    /// the local feed only, and <paramref name="packages"/> as the package folder. A .NET Standard 2.1
    /// project also needs the SDK's NETStandard.Library.Ref, which comes from this machine's package
    /// folder (the repository's own restore puts it there), so the tests need no network.
    /// </summary>
    internal static void WriteNuGetConfig(string directory, string packages)
    {
        DirectoryInfo feed = PackOnce();
        string machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        // <clear/> drops every other source; a private package folder keeps earlier builds of the same
        // version out; the mapping takes each package from one source only.
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <packageSources>
                <clear />
                <add key="local" value="{feed.FullName}" />
                <add key="machine" value="{machinePackages}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="Unrolled" />
                </packageSource>
                <packageSource key="machine">
                  <package pattern="NETStandard.Library.Ref" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }
}
