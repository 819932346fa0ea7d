using System.Buffers.Binary;
using Microsoft.CodeAnalysis;
using Unrolled.Tests.Infrastructure;
using GeneratorLayout = Unrolled.Generator.Parsing.SavedNetworkLayout;

namespace Unrolled.Tests.Generator;

/// <summary>
/// One reader of the saved format: the runtime's NetworkFormat and the generator's frozen-network
/// reader locate every field through runtime/SavedNetworkLayout.cs, which the generator compiles as
/// a linked file, and check it with the one CRC-32 in runtime/Crc32.cs.
/// </summary>
public sealed class SavedFormatLayoutTests
{
    private const string Probe = """
        public static class Probe
        {
            public static double[] Parameters()
            {
                var parameters = new double[Frozen.ParameterCount];
                new Frozen().CopyParametersTo(parameters);
                return parameters;
            }
        }
        """;

    [Fact]
    public void The_CRC_32_is_written_once_and_the_generator_compiles_the_runtime_s_layout_and_checksum()
    {
        string root = TestPaths.RepositoryRoot;
        string[] withPolynomial = [.. new[] { "runtime", "generator" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !IsBuildOutput(path) && File.ReadAllText(path).Contains("EDB88320", StringComparison.OrdinalIgnoreCase))
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))];
        Assert.Equal(["runtime/Crc32.cs"], withPolynomial);

        string props = File.ReadAllText(Path.Combine(root, "generator", "Unrolled.Generator.props"));
        Assert.Contains(@"..\runtime\SavedNetworkLayout.cs", props, StringComparison.Ordinal);
        Assert.Contains(@"..\runtime\Crc32.cs", props, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_generator_s_copy_of_the_layout_finds_every_field_NetworkFormat_writes(bool perLayerFloatAdam)
    {
        NetworkDescription description = perLayerFloatAdam
            ? new NetworkDescription([3, 5, 4, 2], [Activation.ReLU, Activation.GELU, Activation.Linear], Loss.SquaredError, Optimizer.Adam, Precision.Single)
            : new NetworkDescription([2, 4, 1], Activation.Sigmoid, Activation.Sigmoid, Loss.SquaredError, Optimizer.Momentum, Precision.Double);
        byte[] file = Written(description);

        var header = GeneratorLayout.ReadHeader(file);
        Assert.Equal(NetworkFormat.Version, header.Version);
        Assert.Equal(description.Layers, header.Layers);
        Assert.Equal(description.Activations.Select(a => (int)a), header.Activations.Select(a => (int)a));
        Assert.Equal((int)description.Loss, (int)header.Loss);
        Assert.Equal((int)description.Optimizer, (int)header.Optimizer);
        Assert.Equal((int)description.Precision, (int)header.Precision);

        int element = description.Precision == Precision.Single ? sizeof(float) : sizeof(double);
        var sections = header.Sections(description.ParameterCount, description.StateCount, element);
        Assert.Equal(NetworkFormat.FileSize(description), sections.FileSize);
        Assert.Equal(file.Length, sections.FileSize);
        Assert.Equal((ulong)description.ParameterCount, GeneratorLayout.ReadCount(file, sections.ParameterCountOffset));
        Assert.Equal((ulong)description.StateCount, GeneratorLayout.ReadCount(file, sections.StateCountOffset));
        Assert.Equal(GeneratorLayout.ReadChecksum(file), GeneratorLayout.ComputeChecksum(file));
        Assert.Equal(0xCBF43926u, Unrolled.Generator.Parsing.Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void A_version_1_file_freezes_into_its_parameters_and_one_for_another_output_is_told_what_to_declare()
    {
        var description = new NetworkDescription([2, 4, 1], Activation.Sigmoid, Activation.Sigmoid, Loss.SquaredError, Optimizer.Sgd, Precision.Double);
        double[] parameters = [.. Enumerable.Range(0, (int)description.ParameterCount).Select(p => (p * 0.25) - 1)];
        byte[] version1 = AsVersion1(Written(description, parameters), description, Activation.Sigmoid, Activation.Sigmoid);

        var run = GeneratorHarness.Run([new InMemoryAdditionalText("/project/xor.unrolled", Convert.ToBase64String(version1))],
            "[Unrolled.Network(2, 4, 1, Weights = \"xor.unrolled\")] public partial class Frozen;", Probe);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(parameters, (double[])NetworkAssembly.Build(run).Call("Probe", "Parameters")!);

        byte[] tanhOutput = AsVersion1(Written(description, parameters), description, Activation.Sigmoid, Activation.Tanh);
        run = GeneratorHarness.Run([new InMemoryAdditionalText("/project/xor.unrolled", Convert.ToBase64String(tanhOutput))],
            "[Unrolled.Network(2, 4, 1, Weights = \"xor.unrolled\")] public partial class Frozen;", Probe);
        Diagnostic mismatch = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("UNR021", mismatch.Id);
        Assert.EndsWith("declare it as the network that was saved: Output = Activation.Tanh",
            mismatch.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static byte[] Written(NetworkDescription description, double[]? parameters = null)
    {
        using var stream = new MemoryStream();
        if (description.Precision == Precision.Single)
        {
            NetworkFormat.Write(stream, description, new float[description.ParameterCount], new float[description.StateCount]);
        }
        else
        {
            NetworkFormat.Write(stream, description, parameters ?? new double[description.ParameterCount], new double[description.StateCount]);
        }

        return stream.ToArray();
    }

    // Version 1, written by hand: the shared hidden and the output activation in bytes 7 and 8, no list after the sizes.
    private static byte[] AsVersion1(byte[] version2, NetworkDescription description, Activation hidden, Activation output)
    {
        int sizesEnd = 16 + (4 * description.Layers.Count);
        byte[] body = [.. version2[..sizesEnd], .. version2[(sizesEnd + description.Layers.Count - 1)..^4]];
        body[4] = 1;
        body[7] = (byte)hidden;
        body[8] = (byte)output;
        byte[] file = new byte[body.Length + 4];
        body.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(body.Length), Crc32.Compute(body));
        return file;
    }
}
