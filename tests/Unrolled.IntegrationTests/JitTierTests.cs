using System.Text.RegularExpressions;

namespace Unrolled.IntegrationTests;

/// <summary>
/// The evidence behind the generator's size limits: at the largest sizes it accepts, the JIT still
/// compiles every generated method fully optimised (Tier1), never "switched to MinOpts" for size.
/// </summary>
[Collection(SerialCli.Name)]
public sealed partial class JitTierTests
{
    // NetworkLimits.MaxParameters = 512 (511 inputs + 1 bias into 1 output) and
    // NetworkLimits.MaxVectorizedTrainBatchParameters = 256 (15-15-1: 15*16 + 16).
    private const string Program = """
        using System;
        using System.Diagnostics;
        using Unrolled;

        Exercise(new Largest());
        Exercise(new LargestVectorized());
        Exercise(new Xor());

        static void Exercise(INetwork network)
        {
            network.Randomize(1);
            var inputs = new double[network.InputCount * 8];
            var targets = new double[network.OutputCount * 8];
            var outputs = new double[network.OutputCount * 8];
            var clock = Stopwatch.StartNew();
            while (clock.ElapsedMilliseconds < 1500)
            {
                network.Predict(inputs.AsSpan(0, network.InputCount), outputs);
                network.PredictBatch(inputs, outputs);
                network.Train(inputs.AsSpan(0, network.InputCount), targets.AsSpan(0, network.OutputCount), 0.01);
                network.TrainBatch(inputs, targets, 0.01);
            }
        }

        [Network(511, 1)] partial class Largest;
        [Network(15, 15, 1)] partial class LargestVectorized;
        [Network(2, 4, 1)] partial class Xor;
        """;

    [Fact]
    public void Every_generated_method_is_compiled_at_Tier1_at_the_size_limits()
    {
        DirectoryInfo root = RepositoryPaths.CreateTempDirectory("jit");
        string project = Path.Combine(root.FullName, "JitCheck.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(RepositoryPaths.Root, "runtime", "Unrolled.csproj")}" />
                <ProjectReference Include="{Path.Combine(RepositoryPaths.Root, "generator", "Unrolled.Generator.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(root.FullName, "Program.cs"), Program);
        DotNetCli.Run(root.FullName, "build", "-c", "Release", "-o", Path.Combine(root.FullName, "out"));

        string jitLog = Path.Combine(root.FullName, "jit.txt");
        DotNetCli.RunProgram("dotnet", root.FullName,
            new Dictionary<string, string> { ["DOTNET_JitStdOutFile"] = jitLog, ["DOTNET_JitDisasmSummary"] = "1" },
            Path.Combine(root.FullName, "out", "JitCheck.dll"));

        string[] lines = File.ReadAllLines(jitLog);
        foreach (string type in new[] { "Largest", "LargestVectorized", "Xor" })
        {
            foreach (string method in new[] { "Predict", "PredictBatch", "Train", "TrainBatch" })
            {
                string[] compiles = [.. lines.Where(l => CompiledMethod().Match(l) is { Success: true } m && m.Groups[1].Value == type && m.Groups[2].Value == method)];
                Assert.True(compiles.Length > 0, $"{type}.{method} was never compiled");
                Assert.DoesNotContain(compiles, l => l.Contains("MinOpts", StringComparison.Ordinal));
                Assert.Contains(compiles, l => l.Contains("[Tier1", StringComparison.Ordinal));
            }
        }
    }

    [GeneratedRegex(@"JIT compiled (\w+):(\w+)\(")]
    private static partial Regex CompiledMethod();
}
