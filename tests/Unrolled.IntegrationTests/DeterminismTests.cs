namespace Unrolled.IntegrationTests;

/// <summary>
/// The same seed and the same data give bit-identical parameters: from run to run, and between a
/// Debug build (the JIT's minimal optimisation) and a Release build.
/// </summary>
[Collection(SerialCli.Name)]
public sealed class DeterminismTests
{
    private const string Program = """
        using System;
        using System.Linq;
        using Unrolled;

        var xor = new Xor();
        xor.Randomize(7);
        double[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
        double[] targets = [0, 1, 1, 0];
        for (int step = 0; step < 20_000; step++)
        {
            xor.Train(inputs.AsSpan((step % 4) * 2, 2), targets.AsSpan(step % 4, 1), 0.5);
        }

        var large = new Large();
        large.Randomize(7);
        var random = new SplitMix64(3);
        double[] x = new double[Large.InputCount];
        double[] t = new double[Large.OutputCount];
        for (int step = 0; step < 300; step++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble();
            Array.Clear(t);
            t[step % t.Length] = 1;
            large.Train(x, t, 0.01);
        }

        double[] a = new double[Xor.ParameterCount];
        double[] b = new double[Large.ParameterCount];
        xor.CopyParametersTo(a);
        large.CopyParametersTo(b);
        Console.WriteLine(string.Join(",", a.Concat(b).Select(p => BitConverter.DoubleToInt64Bits(p).ToString("X16"))));

        [Network(2, 4, 1)] partial class Xor;
        [Network(40, 24, 3, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] partial class Large;
        """;

    [Fact]
    public void Parameters_are_bit_identical_across_runs_and_between_Debug_and_Release()
    {
        DirectoryInfo root = RepositoryPaths.CreateTempDirectory("determinism");
        ScratchProject.Write(root.FullName, RepositoryPaths.Root, "Determinism", Program);

        string Run(string configuration)
        {
            string output = Path.Combine(root.FullName, "out-" + configuration);
            DotNetCli.Run(root.FullName, "build", "-c", configuration, "-o", output);
            return DotNetCli.RunProgram("dotnet", root.FullName, Path.Combine(output, "Determinism.dll")).Trim();
        }

        string release = Run("Release");
        string debug = Run("Debug");
        string again = DotNetCli.RunProgram("dotnet", root.FullName, Path.Combine(root.FullName, "out-Release", "Determinism.dll")).Trim();
        Assert.Equal(17 + ((40 + 1) * 24) + ((24 + 1) * 3), release.Split(',').Length);
        Assert.Equal(release, again);
        Assert.Equal(release, debug);
    }
}
