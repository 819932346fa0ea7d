using System.Runtime.Intrinsics;
using System.Text.RegularExpressions;

namespace Unrolled.IntegrationTests;

/// <summary>
/// The evidence behind the generator's size limits: at the largest sizes it accepts, the JIT still
/// compiles every generated method fully optimised, never "switched to MinOpts" for size; and the
/// runtime's batch kernels are fully optimised from their first call. Deterministic: each run fixes
/// the tiering settings and reads the JIT's own log of the compiles at first call, with no waiting.
/// </summary>
[Collection(SerialCli.Name)]
public sealed partial class JitTierTests
{
    // The worst shapes at NetworkLimits.MaxStraightLineParameters = 256 (255-1, and 1-127 with 254), in
    // double and in float, and at NetworkLimits.MaxVectorizedParameters = 128 (127-1, and 1-63 with
    // 126): one wide layer. Above 256 the blocked layout takes over: 32-64-10 and 784-128-10. Adam
    // writes the most code per parameter, and softmax with cross-entropy the most per output; with
    // an optimizer that keeps state both limits are halved (128 and 64), so those are tested too.
    // Recurrent networks share the straight-line limits: an LSTM of 2-6-1 (247 parameters, whose
    // Cell1Gradients is the largest method, 11 KB of IL), 58-1-1 (246), a GRU of 1-1-120 with softmax
    // (252) and an LSTM of 28-1-1 with Adam (126).
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
        ExerciseRecurrent(new RecurrentWideGates());
        ExerciseRecurrent(new RecurrentWideInput());
        ExerciseRecurrent(new RecurrentWideOutput());
        ExerciseRecurrent(new RecurrentAdam());

        // Calls every method twice: the first call compiles it. Nothing here waits for the runtime's
        // background tier-up; the test runs this program with settings under which each method is
        // compiled once, on the calling thread, at a known optimisation level.
        static void Exercise(INetwork network)
        {
            network.Randomize(1);
            var inputs = new double[network.InputCount * 8];
            var targets = new double[network.OutputCount * 8];
            var outputs = new double[network.OutputCount * 8];
            for (int call = 0; call < 2; call++)
            {
                network.Predict(inputs.AsSpan(0, network.InputCount), outputs);
                network.PredictBatch(inputs, outputs);
                network.Train(inputs.AsSpan(0, network.InputCount), targets.AsSpan(0, network.OutputCount), 0.01);
                network.TrainBatch(inputs, targets, 0.01);
                // Three rows: fewer than a vector's four, so a vectorised straight-line TrainBatch calls TrainBatchRows.
                network.TrainBatch(inputs.AsSpan(0, network.InputCount * 3), targets.AsSpan(0, network.OutputCount * 3), 0.01);
            }
        }

        static void ExerciseRecurrent(IRecurrentNetwork network)
        {
            network.Randomize(1);
            var inputs = new double[network.InputCount * 8];
            var targets = new double[network.OutputCount * 8];
            var outputs = new double[network.OutputCount];
            for (int call = 0; call < 2; call++)
            {
                network.Step(inputs.AsSpan(0, network.InputCount), outputs);
                network.TrainSequence(inputs, targets, 0.01);
                network.TrainSequenceBatch(inputs, targets, 4, 0.01);
            }
        }

        static void ExerciseSingle(ISingleNetwork network)
        {
            network.Randomize(1);
            var inputs = new float[network.InputCount * 8];
            var targets = new float[network.OutputCount * 8];
            var outputs = new float[network.OutputCount * 8];
            for (int call = 0; call < 2; call++)
            {
                network.Predict(inputs.AsSpan(0, network.InputCount), outputs);
                network.PredictBatch(inputs, outputs);
                network.Train(inputs.AsSpan(0, network.InputCount), targets.AsSpan(0, network.OutputCount), 0.01f);
                network.TrainBatch(inputs, targets, 0.01f);
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
        [Network(2, 6, 1, Cell = Cell.LSTM)] partial class RecurrentWideGates;
        [Network(58, 1, 1, Cell = Cell.LSTM)] partial class RecurrentWideInput;
        [Network(1, 1, 120, Cell = Cell.GRU, Output = Activation.Softmax, Loss = Loss.CrossEntropy)] partial class RecurrentWideOutput;
        [Network(28, 1, 1, Cell = Cell.LSTM, Optimizer = Optimizer.Adam)] partial class RecurrentAdam;

        """;

    private static readonly Lazy<string> s_program = new(Build);

    [Fact]
    public void Every_generated_method_is_compiled_fully_optimised_never_MinOpts_at_the_size_limits()
    {
        string program = s_program.Value;

        // Without tiering the JIT compiles each method once, fully optimised, at its first call, and
        // falls back to MinOpts by the same size limits (IL size, instructions, blocks, locals) as a
        // Tier1 compile: the question the limits answer, with no wait for the background tier-up.
        string[] lines = JitSummary(program, new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" });

        foreach ((string type, string method) in HotMethods())
        {
            string[] compiles = [.. lines.Where(l => CompiledMethod().Match(l) is { Success: true } m && m.Groups[1].Value == type && m.Groups[2].Value == method)];
            Assert.True(compiles.Length > 0, $"{type}.{method} was never compiled");
            Assert.True(compiles.All(IsFullyOptimised), $"{type}.{method} was not compiled fully optimised:\n{string.Join("\n", compiles)}");
        }

        // The straight-line recurrent layout at its limits (NetworkLimits.LayoutFor): each cell's time steps written out.
        string[] recurrentMethods = ["Step", "TrainSequence", "TrainSequenceBatch", "AddSequenceGradients", "Cell1Forward", "Cell1Backward", "Cell1Gradients", "Output", "OutputLoss"];
        foreach (string type in new[] { "RecurrentWideGates", "RecurrentWideInput", "RecurrentWideOutput", "RecurrentAdam" })
        {
            foreach (string method in recurrentMethods)
            {
                string[] compiles = [.. lines.Where(l => CompiledMethod().Match(l) is { Success: true } m && m.Groups[1].Value == type && m.Groups[2].Value == method)];
                Assert.True(compiles.Length > 0, $"{type}.{method} was never compiled");
                Assert.True(compiles.All(IsFullyOptimised), $"{type}.{method} was not compiled fully optimised:\n{string.Join("\n", compiles)}");
            }
        }

        AssertKernelsFullyOptimised(lines, "without tiering");
    }

    [Fact]
    public void Every_hot_generated_method_is_compiled_fully_optimised_at_its_first_call_and_only_then_under_tiered_compilation()
    {
        string program = s_program.Value;

        // The runtime's default tiering, set explicitly: a method starts at Tier0 (with instrumentation for
        // dynamic PGO) and is recompiled at Tier1 only after some thirty calls and a pause in new compiles, so
        // a short training would run its first epochs on unoptimised code. The generated hot methods ask for
        // AggressiveOptimization: each must be compiled once, fully optimised, at its first call, and never again.
        string[] lines = JitSummary(program, new Dictionary<string, string>
        {
            ["DOTNET_TieredCompilation"] = "1",
            ["DOTNET_TC_QuickJit"] = "1",
            ["DOTNET_TieredPGO"] = "1",
        });

        foreach ((string type, string method) in HotMethods())
        {
            string[] compiles = [.. lines.Where(l => CompiledMethod().Match(l) is { Success: true } m && m.Groups[1].Value == type && m.Groups[2].Value == method)];
            Assert.True(compiles.Length == 1 && compiles[0].Contains("[FullOpts", StringComparison.Ordinal),
                $"{type}.{method} was not compiled once, fully optimised, at its first call:\n{string.Join("\n", compiles)}");
        }

        // Tiering is on: a method that does not ask for full optimisation (Randomize) still starts at Tier0.
        Assert.Contains(lines, l => CompiledMethod().Match(l) is { Success: true } m && m.Groups[1].Value == "Xor" && m.Groups[2].Value == "Randomize"
            && l.Contains("Tier0", StringComparison.Ordinal));
    }

    /// <summary>The dense networks' public training and prediction methods, the vectorised straight-line TrainBatch's TrainBatchRows, and the blocked layout's passes and batch helpers.</summary>
    private static IEnumerable<(string Type, string Method)> HotMethods()
    {
        string[] publicMethods = ["Predict", "PredictBatch", "Train", "TrainBatch"];
        string[] blockedMethods = [.. publicMethods, "ForwardPass", "BackwardPass", "StepAlongGradient", "ForwardBatch", "BackwardBatch", "AddBatchGradients"];
        string[] types =
        [
            "WideInput", "WideOutput", "WideInputVectorized", "WideOutputVectorized", "Xor", "Blocked", "BlockedLarge", "BlockedLargeSingle", "BlockedClassifier",
            "WideInputSingle", "WideOutputSingle", "WideInputAdam", "WideOutputAdam", "WideInputAdamVectorized", "WideOutputAdamVectorized",
        ];
        foreach (string type in types)
        {
            string[] methods = type.EndsWith("Vectorized", StringComparison.Ordinal) || type == "Xor" ? [.. publicMethods, "TrainBatchRows"]
                : !type.StartsWith("Blocked", StringComparison.Ordinal) ? publicMethods
                : type == "BlockedClassifier" ? [.. blockedMethods, "ApplyTanh", "ApplySoftmax", "TimesTanhDerivative"]
                : [.. blockedMethods, "ApplySigmoid", "TimesSigmoidDerivative"];
            foreach (string method in methods)
            {
                yield return (type, method);
            }
        }
    }

    [Fact]
    public void The_batch_kernels_are_compiled_fully_optimised_at_their_first_call_under_tiered_compilation()
    {
        // The vector kernels run where 512-bit vectors, 256-bit ones with fused multiply-add, or 128-bit ones
        // with fused multiply-add (Arm64's AdvSimd, or x86 FMA) are accelerated; elsewhere the plain loops run
        // and there is nothing of theirs to check.
        Assert.SkipUnless(VectorKernelsRun,
            "this CPU runs the batch kernels' plain loops: the vector kernels need fused multiply-add on 128-bit vectors at least");
        string program = s_program.Value;

        // With tiering on (explicitly, whatever the machine's settings), a method starts at Tier0 unless
        // it asks for full optimisation (AggressiveOptimization): every vector kernel must, so a batch runs
        // at full speed from the first call and a tile only a rare shape reaches never stays at Tier0.
        // The dispatcher in front of them (WidestBatchKernels) does one test per call and may tier up.
        string[] lines = JitSummary(program, new Dictionary<string, string>
        {
            ["DOTNET_TieredCompilation"] = "1",
            ["DOTNET_TC_QuickJit"] = "1",
        });

        Assert.Contains(lines, l => CompiledMethod().Match(l) is { Success: true } m && m.Groups[1].Value == "Xor" && l.Contains("Tier0", StringComparison.Ordinal));
        AssertKernelsFullyOptimised(lines, "under tiered compilation", vectorKernelsOnly: true);
    }

    /// <summary>As the runtime's WidestBatchKernels.CanRun: whether this CPU runs the vector kernels at all.</summary>
    private static bool VectorKernelsRun =>
        Vector512.IsHardwareAccelerated
        || (Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported)
        || (Vector128.IsHardwareAccelerated && (System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported || System.Runtime.Intrinsics.X86.Fma.IsSupported));

    /// <summary>The program, built once for both tests.</summary>
    private static string Build()
    {
        DirectoryInfo root = RepositoryPaths.CreateTempDirectory("jit");
        ScratchProject.Write(root.FullName, RepositoryPaths.Root, "JitCheck", Program);
        DotNetCli.Run(root.FullName, "build", "-c", "Release", "-o", Path.Combine(root.FullName, "out"));
        return Path.Combine(root.FullName, "out", "JitCheck.dll");
    }

    /// <summary>The JIT's one line per compiled method ("JIT compiled Type:Method(...) [FullOpts, ...]").</summary>
    private static string[] JitSummary(string program, Dictionary<string, string> environment)
    {
        string jitLog = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(program))!, $"jit-{Guid.NewGuid():N}.txt");
        environment["DOTNET_JitStdOutFile"] = jitLog;
        environment["DOTNET_JitDisasmSummary"] = "1";
        DotNetCli.RunProgram("dotnet", Path.GetDirectoryName(program)!, environment, program);
        return File.ReadAllLines(jitLog);
    }

    /// <summary>The runtime's batch kernels, which the blocked batch methods spend their time in.</summary>
    private static void AssertKernelsFullyOptimised(string[] lines, string when, bool vectorKernelsOnly = false)
    {
        var kernels = lines.Select(l => (Line: l, Match: KernelMethod().Match(l)))
            .Where(k => k.Match.Success && (!vectorKernelsOnly || k.Match.Groups[1].Value.StartsWith("Vector", StringComparison.Ordinal)))
            .ToLookup(k => k.Match.Groups[1].Value + "." + k.Match.Groups[2].Value, k => k.Line);
        if (VectorKernelsRun)
        {
            Assert.Contains(kernels, k => k.Key.StartsWith("Vector512BatchKernels.", StringComparison.Ordinal)
                || k.Key.StartsWith("Vector256BatchKernels.", StringComparison.Ordinal)
                || k.Key.StartsWith("Vector128BatchKernels.", StringComparison.Ordinal));
        }

        foreach (IGrouping<string, string> kernel in kernels)
        {
            Assert.True(kernel.All(IsFullyOptimised), $"{kernel.Key} was not compiled fully optimised {when}:\n{string.Join("\n", kernel)}");
        }
    }

    /// <summary>"[FullOpts, ...]" (or Tier1, or a loop method "Tier-0 switched to FullOpts"); never any MinOpts or Tier0 code.</summary>
    private static bool IsFullyOptimised(string line) =>
        !line.Contains("MinOpts", StringComparison.Ordinal)
        && (line.Contains("[FullOpts", StringComparison.Ordinal) || line.Contains("[Tier1", StringComparison.Ordinal) || line.Contains("switched to FullOpts", StringComparison.Ordinal));

    [GeneratedRegex(@"JIT compiled (\w+):(\w+)\(")]
    private static partial Regex CompiledMethod();

    [GeneratedRegex(@"JIT compiled Unrolled\.Kernels\.(\w+BatchKernels):(\w+)")]
    private static partial Regex KernelMethod();
}
