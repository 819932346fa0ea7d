namespace Unrolled.IntegrationTests;

/// <summary>
/// The package reached through another project, as most apps meet a library's dependencies: a
/// .NET Standard 2.1 library references Unrolled, and an app that references only the library
/// freezes networks from binary weights files. The build step that turns those files into text for
/// the generator must reach the app (buildTransitive/), and run once where both build/ and
/// buildTransitive/ are imported.
/// </summary>
[Collection(SerialCli.Name)]
public sealed class PackageTransitiveTests
{
    // The library trains; the app freezes the same shape from an ONNX model and from a binary saved
    // file (Adam's, which a frozen network need not repeat), and compares each with the runtime's reading.
    private const string LibraryNetworks = """
        namespace Lib
        {
            [Unrolled.Network(2, 5, 3, 1, Hidden = Unrolled.Activation.Tanh)]
            public partial class Trainable { }

            [Unrolled.Network(2, 5, 3, 1, Hidden = Unrolled.Activation.Tanh, Optimizer = Unrolled.Optimizer.Adam)]
            public partial class AdamTrainable { }
        }
        """;

    private const string AppProgram = """
        using System;
        using System.IO;
        using App;

        var imported = new Lib.Trainable();
        Unrolled.NetworkFile.ImportOnnx(imported, Path.Combine(AppContext.BaseDirectory, "model.onnx"));
        var loaded = new Lib.AdamTrainable();
        Unrolled.NetworkFile.Load(loaded, Path.Combine(AppContext.BaseDirectory, "trained.weights"));
        var fromOnnx = new FrozenOnnx();
        var fromSaved = new FrozenSaved();
        bool onnx = true, saved = true;
        double[] a = new double[1], b = new double[1];
        for (int i = 0; i < 50; i++)
        {
            double[] x = [(i * 0.1) - 2.5, 1.5 - (i * 0.07)];
            imported.Predict(x, a);
            fromOnnx.Predict(x, b);
            onnx &= BitConverter.DoubleToInt64Bits(a[0]) == BitConverter.DoubleToInt64Bits(b[0]);
            loaded.Predict(x, a);
            fromSaved.Predict(x, b);
            saved &= BitConverter.DoubleToInt64Bits(a[0]) == BitConverter.DoubleToInt64Bits(b[0]);
        }

        Console.WriteLine($"onnx={onnx} saved={saved}");

        namespace App
        {
            [Unrolled.Network(2, 5, 3, 1, Hidden = Unrolled.Activation.Tanh, Weights = "model.onnx")]
            public partial class FrozenOnnx;

            [Unrolled.Network(2, 5, 3, 1, Hidden = Unrolled.Activation.Tanh, Weights = "trained.weights")]
            public partial class FrozenSaved;
        }
        """;

    [Fact]
    public void An_app_over_a_netstandard_library_freezes_an_onnx_model_and_a_binary_saved_network_bit_for_bit()
    {
        DirectoryInfo root = RepositoryPaths.CreateTempDirectory("transitive");
        PackageConsumerTests.WriteNuGetConfig(root.FullName, Path.Combine(root.FullName, "packages"));
        string library = Path.Combine(root.FullName, "Lib");
        string app = Path.Combine(root.FullName, "App");
        DotNetCli.Run(root.FullName, "new", "classlib", "-o", library, "--framework", "netstandard2.1", "--no-restore");
        File.Delete(Path.Combine(library, "Class1.cs"));
        File.WriteAllText(Path.Combine(library, "Networks.cs"), LibraryNetworks);
        DotNetCli.Run(library, "add", "package", "Unrolled", "--version", RepositoryPaths.PackageVersion);

        DotNetCli.Run(root.FullName, "new", "console", "-o", app, "--framework", "net10.0", "--no-restore");
        DotNetCli.Run(app, "add", "reference", Path.Combine(library, "Lib.csproj"));
        File.Copy(Path.Combine(RepositoryPaths.Root, "tests", "Unrolled.Tests", "Onnx", "Fixtures", "tanh_2_5_3_1_double.onnx"), Path.Combine(app, "model.onnx"));
        WriteBinarySavedNetwork(Path.Combine(app, "trained.weights"));
        AddToProject(Path.Combine(app, "App.csproj"), """
              <ItemGroup>
                <AdditionalFiles Include="model.onnx;trained.weights" />
                <None Include="model.onnx;trained.weights" CopyToOutputDirectory="PreserveNewest" />
              </ItemGroup>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), AppProgram);

        string output = DotNetCli.Run(app, "run", "-c", "Release");

        Assert.Contains("onnx=True saved=True", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_that_imports_both_build_and_buildTransitive_imports_the_build_step_once()
    {
        DirectoryInfo app = PackageConsumerTests.CreateConsumer("both-targets");
        DotNetCli.Run(app.FullName, "add", "package", "Unrolled", "--version", RepositoryPaths.PackageVersion);
        File.Copy(Path.Combine(RepositoryPaths.Root, "tests", "Unrolled.Tests", "Onnx", "Fixtures", "tanh_2_5_3_1_double.onnx"), Path.Combine(app.FullName, "model.onnx"));

        // NuGet imports buildTransitive/ for this direct reference (and then leaves build/ out); build/
        // comes in as well, by hand, as an older NuGet or packages.config would bring it. Both import
        // the one step: without the guard, MSBuild warns MSB4011 and ignores the second import.
        string packageFolder = Path.Combine(app.Parent!.FullName, "packages", "unrolled", RepositoryPaths.PackageVersion);
        AddToProject(Path.Combine(app.FullName, "App.csproj"), $"""
              <ItemGroup>
                <AdditionalFiles Include="model.onnx" />
              </ItemGroup>
              <Import Project="{Path.Combine(packageFolder, "build", "Unrolled.targets")}" />
            """);
        File.WriteAllText(Path.Combine(app.FullName, "Program.cs"), """
            System.Console.WriteLine($"parameters={Frozen.ParameterCount}");

            [Unrolled.Network(2, 5, 3, 1, Hidden = Unrolled.Activation.Tanh, Weights = "model.onnx")]
            public partial class Frozen;
            """);

        string output = DotNetCli.Run(app.FullName, "run", "-c", "Release", "-p:TreatWarningsAsErrors=true", "-warnaserror");

        Assert.Contains("parameters=37", output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4011", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listed_weights_file_that_does_not_exist_is_one_Unrolled_error_with_its_path()
    {
        DirectoryInfo app = PackageConsumerTests.CreateConsumer("missing-weights");
        DotNetCli.Run(app.FullName, "add", "package", "Unrolled", "--version", RepositoryPaths.PackageVersion);
        AddToProject(Path.Combine(app.FullName, "App.csproj"), """
              <ItemGroup>
                <AdditionalFiles Include="models/model.onnx;models/xor.unrolled" />
              </ItemGroup>
            """);
        File.WriteAllText(Path.Combine(app.FullName, "Program.cs"), """
            System.Console.WriteLine("not built");

            [Unrolled.Network(2, 4, 1, Weights = "models/model.onnx")]
            public partial class FromOnnx;

            [Unrolled.Network(2, 4, 1, Weights = "models/xor.unrolled")]
            public partial class FromSaved;
            """);

        (int exitCode, string output) = DotNetCli.RunAllowingFailure(app.FullName, "build", "-c", "Release");

        Assert.NotEqual(0, exitCode);
        string[] errors = [.. output.Split('\n').Where(line => line.Contains(": error ", StringComparison.Ordinal)).Distinct()];
        Assert.All(errors, line => Assert.Contains("error UNR024", line, StringComparison.Ordinal));
        Assert.Contains(errors, line => line.Contains($"there is no file at '{Path.Combine(app.FullName, "models", "model.onnx")}'; export the model into it", StringComparison.Ordinal));
        Assert.Contains(errors, line => line.Contains($"there is no file at '{Path.Combine(app.FullName, "models", "xor.unrolled")}'; train the network", StringComparison.Ordinal));
    }

    // A 2-5-3-1 tanh network trained with Adam, as NetworkFile.Save writes it: the binary form, named
    // without the usual .unrolled extension, so only its content says what it is.
    private static void WriteBinarySavedNetwork(string path)
    {
        var description = new NetworkDescription([2, 5, 3, 1], Activation.Tanh, Activation.Sigmoid, Loss.SquaredError, Optimizer.Adam, Precision.Double);
        var random = new Random(20);
        double[] parameters = [.. Enumerable.Range(0, (int)description.ParameterCount).Select(_ => (random.NextDouble() * 2) - 1)];
        double[] state = [.. Enumerable.Range(0, (int)description.StateCount).Select(_ => random.NextDouble() * 0.01)];
        using FileStream file = File.Create(path);
        NetworkFormat.Write(file, description, parameters, state);
    }

    private static void AddToProject(string project, string elements) =>
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", elements + "\n</Project>", StringComparison.Ordinal));
}
