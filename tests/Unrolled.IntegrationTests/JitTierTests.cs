using System.Text.RegularExpressions;

namespace Unrolled.IntegrationTests;

/// <summary>
/// The evidence behind the generator's size limits: at the largest sizes it accepts, the JIT still
/// compiles every generated method fully optimised (Tier1), never "switched to MinOpts" for size.
/// </summary>
[Collection(SerialCli.Name)]
public sealed partial class JitTierTests
{
    // The worst shapes at NetworkLimits.MaxStraightLineParameters = 256 (255-1, and 1-127 with 254), in
    // double and in float, and at NetworkLimits.MaxVectorizedParameters = 128 (127-1, and 1-63 with
    // 126): one wide layer. Above 256 the blocked layout takes over: 32-64-10 and 784-128-10. Adam
    // writes the most code per parameter, and softmax with cross-entropy the most per output; with
    // an optimizer that keeps state both limits are halved (128 and 64), so those are tested too.
    private const string Program = """
        using System;
        using Unrolled;

        Exercise(new WideInput());
        Exercise(new WideOutput());
        Exercise(new WideInputVectorized());
        Exercise(new WideOutputVectorized());
        Exercise(new Xor());
        Exercise(new Blocked());
        Exercise(new BlockedLarge());
        ExerciseSingle(new BlockedLargeSingle());
        Exercise(new BlockedClassifier());
        ExerciseSingle(new WideInputSingle());
        ExerciseSingle(new WideOutputSingle());
        Exercise(new WideInputAdam());
        Exercise(new WideOutputAdam());
        Exercise(new WideInputAdamVectorized());
        Exercise(new WideOutputAdamVectorized());

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

        static void ExerciseSingle(ISingleNetwork network)
        {
            network.Randomize(1);
            var inputs = new float[network.InputCount * 8];
            var targets = new float[network.OutputCount * 8];
            var outputs = new float[network.OutputCount * 8];
            for (int round = 0; round < 10; round++)
            {
                for (int call = 0; call < 200; call++)
                {
                    network.Predict(inputs.AsSpan(0, network.InputCount), outputs);
                    network.PredictBatch(inputs, outputs);
                    network.Train(inputs.AsSpan(0, network.InputCount), targets.AsSpan(0, network.OutputCount), 0.01f);
                    network.TrainBatch(inputs, targets, 0.01f);
                }

                System.Threading.Thread.Sleep(300);
            }
        }

        [Network(255, 1)] partial class WideInput;
        [Network(1, 127)] partial class WideOutput;
        [Network(127, 1)] partial class WideInputVectorized;
        [Network(1, 63)] partial class WideOutputVectorized;
        [Network(2, 4, 1)] partial class Xor;
        [Network(32, 64, 10)] partial class Blocked;
        [Network(784, 128, 10)] partial class BlockedLarge;
        [Network(784, 128, 10, Precision = Precision.Single)] partial class BlockedLargeSingle;
        [Network(64, 32, 10, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] partial class BlockedClassifier;
        [Network(255, 1, Precision = Precision.Single)] partial class WideInputSingle;
        [Network(1, 127, Precision = Precision.Single)] partial class WideOutputSingle;
        [Network(127, 1, Optimizer = Optimizer.Adam)] partial class WideInputAdam;
        [Network(1, 63, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] partial class WideOutputAdam;
        [Network(63, 1, Optimizer = Optimizer.Adam)] partial class WideInputAdamVectorized;
        [Network(1, 31, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] partial class WideOutputAdamVectorized;

        """;

    [Fact]
    public void Every_generated_method_is_compiled_at_Tier1_at_the_size_limits()
    {
        DirectoryInfo root = RepositoryPaths.CreateTempDirectory("jit");
        ScratchProject.Write(root.FullName, RepositoryPaths.Root, "JitCheck", Program);
        DotNetCli.Run(root.FullName, "build", "-c", "Release", "-o", Path.Combine(root.FullName, "out"));

        string jitLog = Path.Combine(root.FullName, "jit.txt");
        DotNetCli.RunProgram("dotnet", root.FullName,
            new Dictionary<string, string> { ["DOTNET_JitStdOutFile"] = jitLog, ["DOTNET_JitDisasmSummary"] = "1" },
            Path.Combine(root.FullName, "out", "JitCheck.dll"));

        string[] lines = File.ReadAllLines(jitLog);
        string[] publicMethods = ["Predict", "PredictBatch", "Train", "TrainBatch"];
        string[] blockedMethods = [.. publicMethods, "ForwardPass", "BackwardPass", "StepAlongGradient", "ForwardBatch", "BackwardBatch", "AddBatchGradients", "TimesHiddenDerivative"];
        string[] types =
        [
            "WideInput", "WideOutput", "WideInputVectorized", "WideOutputVectorized", "Xor", "Blocked", "BlockedLarge", "BlockedLargeSingle", "BlockedClassifier",
            "WideInputSingle", "WideOutputSingle", "WideInputAdam", "WideOutputAdam", "WideInputAdamVectorized", "WideOutputAdamVectorized",
        ];
        foreach (string type in types)
        {
            string[] methods = !type.StartsWith("Blocked", StringComparison.Ordinal) ? publicMethods
                : type == "BlockedClassifier" ? [.. blockedMethods, "ApplyTanh", "ApplySoftmax"]
                : [.. blockedMethods, "ApplySigmoid"];
            foreach (string method in methods)
            {
                string[] compiles = [.. lines.Where(l => CompiledMethod().Match(l) is { Success: true } m && m.Groups[1].Value == type && m.Groups[2].Value == method)];
                Assert.True(compiles.Length > 0, $"{type}.{method} was never compiled");
                Assert.False(compiles.Any(l => l.Contains("MinOpts", StringComparison.Ordinal)), $"{type}.{method} was compiled MinOpts:\n{string.Join("\n", compiles)}");
                // A method with a loop and a stackalloc cannot use on-stack replacement, so the JIT
                // compiles it fully optimised at once ("Tier-0 switched to FullOpts"): as good as Tier1.
                Assert.True(compiles.Any(l => l.Contains("[Tier1", StringComparison.Ordinal) || l.Contains("switched to FullOpts", StringComparison.Ordinal)),
                    $"{type}.{method} never reached Tier1:\n{string.Join("\n", compiles)}");
            }
        }

        // The runtime's batch kernels, which the blocked batch methods spend their time in.
        var kernels = lines.Select(l => (Line: l, Match: KernelMethod().Match(l))).Where(k => k.Match.Success).ToLookup(k => k.Match.Groups[1].Value + "." + k.Match.Groups[2].Value, k => k.Line);
        Assert.Contains(kernels, k => k.Key.StartsWith("Vector512BatchKernels.", StringComparison.Ordinal) || k.Key.StartsWith("Vector256BatchKernels.", StringComparison.Ordinal));
        foreach (IGrouping<string, string> kernel in kernels)
        {
            Assert.False(kernel.Any(l => l.Contains("MinOpts", StringComparison.Ordinal)), $"{kernel.Key} was compiled MinOpts:\n{string.Join("\n", kernel)}");
            Assert.True(kernel.Any(l => l.Contains("[Tier1", StringComparison.Ordinal) || l.Contains("FullOpts", StringComparison.Ordinal)),
                $"{kernel.Key} never reached Tier1:\n{string.Join("\n", kernel)}");
        }
    }

    [GeneratedRegex(@"JIT compiled (\w+):(\w+)\(")]
    private static partial Regex CompiledMethod();

    [GeneratedRegex(@"JIT compiled Unrolled\.Kernels\.(\w+BatchKernels):(\w+)")]
    private static partial Regex KernelMethod();
}
