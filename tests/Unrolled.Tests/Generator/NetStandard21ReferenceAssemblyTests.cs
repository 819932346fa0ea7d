using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The consumer of <see cref="Net80ReferenceAssemblyTests"/> as a Unity project: C# 9, .NET Standard
/// 2.1 reference assemblies and the runtime's netstandard2.1 build, at the current compiler. Where the
/// compilation lacks ref access, the blocked layout indexes spans; it must still compute the same numbers.
/// </summary>
public sealed class NetStandard21ReferenceAssemblyTests
{
    private const string RefAccessMarker = "global::System.Runtime.CompilerServices.Unsafe.Add(ref ";

    public static TheoryData<string, string> Networks() => Net80ReferenceAssemblyTests.Networks();

    public static TheoryData<string, string> BlockedNetworks() => new()
    {
        { "blocked", "[Network(17, 15, 13, 3)] public partial class Net { }" },
        { "blocked, Adam, softmax", "[Network(17, 15, 13, 3, Hidden = Activation.ReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] public partial class Net { }" },
        { "blocked, momentum", "[Network(17, 15, 13, 3, Hidden = Activation.LeakyReLU, Output = Activation.Tanh, Optimizer = Optimizer.Momentum, Momentum = 0.5)] public partial class Net { }" },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_output_compiles_at_CSharp9_against_NET_Standard_2_1_with_zero_diagnostics(string kind, string declaration)
    {
        GeneratorRun run = NetStandard21.Run(Script(declaration));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Lessons);
        Assert.Contains(run.Output.References, r => Path.GetFileName(r.Display) == "netstandard.dll");
        Assert.True(run.CompilerDiagnostics.IsEmpty, $"{kind}: {string.Join("\n", run.CompilerDiagnostics.Take(10))}");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Without_Vector256_Exp_no_network_uses_intrinsics(string kind, string declaration)
    {
        string text = NetStandard21.Run(Script(declaration)).Sources.AllText();

        Assert.DoesNotContain("System.Runtime.Intrinsics", text, StringComparison.Ordinal);
        Assert.DoesNotContain(RefAccessMarker, text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(kind));
    }

    [Theory]
    [MemberData(nameof(BlockedNetworks))]
    public void The_blocked_layout_over_spans_trains_to_the_parameters_of_the_ref_layout(string kind, string declaration)
    {
        GeneratorRun spans = NetStandard21.Run(Script(declaration));
        GeneratorRun refs = GeneratorHarness.Run(Script(declaration));
        // Otherwise both runs could write the same code and the comparison prove nothing.
        Assert.DoesNotContain(RefAccessMarker, spans.Sources.AllText(), StringComparison.Ordinal);
        Assert.Contains(RefAccessMarker, refs.Sources.AllText(), StringComparison.Ordinal);

        double[] expected = Trained(NetworkAssembly.Build(refs).Create("Game.Net"));
        double[] actual = Trained(NetworkAssembly.Build(spans).Create("Game.Net"));

        // Vector.Dot with ones sums a vector's lanes in another order than Vector.Sum: rounding only.
        Assert.Equal(expected.Length, actual.Length);
        for (int p = 0; p < expected.Length; p++)
        {
            Assert.True(Math.Abs(expected[p] - actual[p]) <= 1e-12, $"{kind}: parameter {p} is {actual[p]:R} over spans, {expected[p]:R} with refs");
        }

        Assert.Contains(expected, p => p != 0);
    }

    [Theory]
    [InlineData("[Network(2, 4, 1)] public partial class Net { }")]
    [InlineData("[Network(2, 6, 4, 3, Hidden = Activation.ReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] public partial class Net { }")]
    public void A_straight_line_network_trains_to_the_same_bits_on_both_profiles(string declaration)
    {
        GeneratorRun unity = NetStandard21.Run(Script(declaration));
        GeneratorRun net10 = GeneratorHarness.Run(Script(declaration));
        // .NET 10 adds the SIMD batch paths (Vector256.Exp rounds unlike Math.Exp); Train is the scalar path on both.
        Assert.DoesNotContain("System.Runtime.Intrinsics", unity.Sources.AllText(), StringComparison.Ordinal);
        Assert.Contains("System.Runtime.Intrinsics", net10.Sources.AllText(), StringComparison.Ordinal);

        double[] expected = Trained(NetworkAssembly.Build(net10).Create("Game.Net"), batches: false);
        double[] actual = Trained(NetworkAssembly.Build(unity).Create("Game.Net"), batches: false);

        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
    }

    private static double[] Trained(INetwork network, bool batches = true)
    {
        var random = new SplitMix64(11);
        network.Randomize(3);
        double[] inputs = new double[8 * network.InputCount];
        double[] targets = new double[8 * network.OutputCount];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = random.NextDouble() * 2 - 1;
        }

        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = random.NextDouble() * 0.8;
        }

        for (int epoch = 0; epoch < 20; epoch++)
        {
            for (int row = 0; row < 8; row++)
            {
                network.Train(inputs.AsSpan(row * network.InputCount, network.InputCount), targets.AsSpan(row * network.OutputCount, network.OutputCount), 0.05);
            }

            if (batches)
            {
                network.TrainBatch(inputs, targets, 0.05);
            }
        }

        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }

    private static string Script(string declaration) => $"using Unrolled;\nnamespace Game\n{{\n{declaration}\n}}\n";
}
