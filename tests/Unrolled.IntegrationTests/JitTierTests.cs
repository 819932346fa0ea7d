using System.Text.RegularExpressions;

namespace Unrolled.IntegrationTests;

/// <summary>
/// The evidence behind the generator's size limits: at the largest sizes it accepts, the JIT still
/// compiles every generated method fully optimised (Tier1), never "switched to MinOpts" for size.
/// </summary>
[Collection(SerialCli.Name)]
public sealed partial class JitTierTests
{
    // The worst shapes at NetworkLimits.MaxParameters = 256 (255-1, and 1-127 with 254) and at
    // NetworkLimits.MaxVectorizedParameters = 128 (127-1, and 1-63 with 126): one wide layer.
    private const string Program = """
        using System;
        using Unrolled;

        Exercise(new WideInput());
        Exercise(new WideOutput());
        Exercise(new WideInputVectorized());
        Exercise(new WideOutputVectorized());
        Exercise(new Xor());

        // Calls every method often, then pauses, a few times over: the runtime promotes a method
        // to Tier1 in the background once it has been called often enough and the JIT is idle.
        static void Exercise(INetwork network)
        {
            network.Randomize(1);
            var inputs = new double[network.InputCount * 8];
            var targets = new double[network.OutputCount * 8];
            var outputs = new double[network.OutputCount * 8];
            for (int round = 0; round < 10; round++)
            {
                for (int call = 0; call < 200; call++)
                {
                    network.Predict(inputs.AsSpan(0, network.InputCount), outputs);
                    network.PredictBatch(inputs, outputs);
                    network.Train(inputs.AsSpan(0, network.InputCount), targets.AsSpan(0, network.OutputCount), 0.01);
                    network.TrainBatch(inputs, targets, 0.01);
                }

                System.Threading.Thread.Sleep(300);
            }
        }

        [Network(255, 1)] partial class WideInput;
        [Network(1, 127)] partial class WideOutput;
        [Network(127, 1)] partial class WideInputVectorized;
        [Network(1, 63)] partial class WideOutputVectorized;
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
        foreach (string type in new[] { "WideInput", "WideOutput", "WideInputVectorized", "WideOutputVectorized", "Xor" })
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
