using System.Globalization;
using System.Reflection;
using Unrolled.MonoProgram;

namespace Unrolled.IntegrationTests;

/// <summary>
/// A program built against .NET Standard 2.1 with the runtime's netstandard2.1 build and C# 9 (as a
/// Unity project is), run on Debian's Mono: it trains XOR and the five logic functions on a fixed
/// schedule, and its parameters match the same schedule on .NET 10; what it saves on Mono loads on .NET.
/// </summary>
public sealed class MonoTests
{
    private static readonly Lazy<MonoRun> s_run = new(RunOnMono);

    [Theory]
    [InlineData("xor")]
    [InlineData("gates")]
    public void A_straight_line_network_trained_on_Mono_has_the_bits_of_the_same_training_on_NET(string name)
    {
        INetwork onNet = Trained(name);

        Assert.Equal(FixedTraining.Bits(onNet), s_run.Value.Bits[name]);
    }

    [Fact]
    public void A_blocked_network_trained_on_Mono_is_within_1e_12_of_the_same_training_on_NET()
    {
        double[] onNet = Parameters(Trained("blocked"));
        double[] onMono = FromBits(s_run.Value.Bits["blocked"]);

        // Mono's Vector<double> holds two numbers, .NET 10's here four: the sums round in another order.
        Assert.Equal(onNet.Length, onMono.Length);
        double worst = onNet.Zip(onMono, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-12, $"the largest difference is {worst:G3}");
    }

    [Theory]
    [InlineData("xor")]
    [InlineData("gates")]
    [InlineData("blocked")]
    public void A_network_saved_on_Mono_loads_on_NET_with_every_bit_and_has_learned_its_truth_tables(string name)
    {
        INetwork loaded = Create(name);
        using (FileStream file = File.OpenRead(Path.Combine(s_run.Value.Directory, name + ".unrolled")))
        {
            loaded.Load(file);
        }

        Assert.Equal(s_run.Value.Bits[name], FixedTraining.Bits(loaded));
        double[] targets = name switch { "xor" => FixedTraining.Xor, "gates" => FixedTraining.Gates, _ => FixedTraining.XorClasses };
        double[] output = new double[loaded.OutputCount];
        for (int row = 0; row < 4; row++)
        {
            loaded.Predict(FixedTraining.Inputs.AsSpan(row * 2, 2), output);
            for (int k = 0; k < output.Length; k++)
            {
                Assert.True(Math.Abs(output[k] - targets[(row * output.Length) + k]) < 0.1, $"{name}: row {row}, output {k} is {output[k]:G4}");
            }
        }
    }

    [Fact]
    public void The_program_ran_on_Mono_with_the_netstandard_build_of_the_runtime()
    {
        Assert.Contains("runtime mono", s_run.Value.Output, StringComparison.Ordinal);
        Assert.Equal(".NETStandard,Version=v2.1", TargetFramework(Path.Combine(s_run.Value.Directory, "Unrolled.dll")));
        Assert.Equal(".NETStandard,Version=v2.1", TargetFramework(Path.Combine(s_run.Value.Directory, "Unrolled.MonoProgram.dll")));
    }

    private static INetwork Trained(string name) => FixedTraining.TrainAll().Single(pair => pair.Key == name).Value;

    private static INetwork Create(string name) => name switch
    {
        "xor" => new XorNet(),
        "gates" => new GatesNet(),
        "blocked" => new BlockedXorNet(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a network of the Mono program"),
    };

    private static double[] Parameters(INetwork network)
    {
        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }

    private static double[] FromBits(string bits) =>
        [.. bits.Split(' ').Select(word => BitConverter.Int64BitsToDouble(long.Parse(word, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))];

    private static string? TargetFramework(string path)
    {
        using var module = Mono.Cecil.ModuleDefinition.ReadModule(path);
        return module.Assembly.CustomAttributes
            .SingleOrDefault(a => a.AttributeType.FullName == "System.Runtime.Versioning.TargetFrameworkAttribute")?
            .ConstructorArguments[0].Value as string;
    }

    private static MonoRun RunOnMono()
    {
        string mono = MonoRuntime.Executable;
        string program = typeof(MonoTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MonoProgram").Value!;
        DirectoryInfo directory = RepositoryPaths.CreateTempDirectory("mono");
        foreach (string file in Directory.GetFiles(Path.GetDirectoryName(program)!, "*.dll"))
        {
            File.Copy(file, Path.Combine(directory.FullName, Path.GetFileName(file)));
        }

        File.Copy(MonoRuntime.NetStandardFacade, Path.Combine(directory.FullName, "netstandard.dll"));
        foreach (string assembly in new[] { "Unrolled.dll", "Unrolled.MonoProgram.dll" })
        {
            MonoSignatures.DropInModifiers(Path.Combine(directory.FullName, assembly));
        }

        string output = DotNetCli.RunProgram(mono, directory.FullName, Path.Combine(directory.FullName, "Unrolled.MonoProgram.dll"), directory.FullName);
        Dictionary<string, string> bits = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts[0] is "xor" or "gates" or "blocked")
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        return new MonoRun(directory.FullName, output, bits);
    }

    private sealed record MonoRun(string Directory, string Output, IReadOnlyDictionary<string, string> Bits);
}
