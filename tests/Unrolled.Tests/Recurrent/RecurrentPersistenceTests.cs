using System.Buffers.Binary;
using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Recurrent;

/// <summary>
/// Save and Load of GRU and LSTM networks: the file records the cell, a round trip restores the parameters
/// and the optimizer's state bit for bit (so Step and training go on exactly as before), and a file of
/// another kind or shape is refused with a message that names what it holds and what it is loaded into.
/// </summary>
public sealed class RecurrentPersistenceTests
{
    private const int Steps = 50;

    public static TheoryData<string, string> Networks => new()
    {
        { "Cell = Cell.GRU", "1, 6, 2" },
        { "Cell = Cell.GRU", "2, 5, 3, 2" },
        { "Cell = Cell.LSTM", "1, 6, 2" },
        { "Cell = Cell.LSTM", "2, 5, 3, 2" },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_loaded_double_network_steps_and_trains_bit_for_bit_like_the_saved_one(string cell, string layers)
    {
        NetworkAssembly assembly = NetworkAssembly.Build(Source("Net", $"{layers}, {cell}, Optimizer = Optimizer.Adam"));
        var saved = (IRecurrentNetwork)assembly.CreateObject("Demo.Net");
        var loaded = (IRecurrentNetwork)assembly.CreateObject("Demo.Net");
        saved.Randomize(3);
        loaded.Randomize(4);
        var random = new Random(5);
        double[] inputs = Draw(random, 8 * saved.InputCount);
        double[] targets = Draw(random, 8 * saved.OutputCount);
        for (int step = 0; step < 3; step++)
        {
            saved.TrainSequence(inputs, targets, 0.01);
        }

        using var stream = new MemoryStream();
        saved.Save(stream);
        NetworkDescription description = Describe(saved.LayerSizes.ToArray(), cell, Precision.Double);
        Assert.Equal(saved.ParameterCount, description.ParameterCount);
        Assert.Equal(NetworkFormat.FileSize(description), stream.Length);
        stream.Position = 0;
        loaded.Load(stream);
        Assert.Equal(Bits(saved), Bits(loaded));

        // The next step lands on the same parameters only if Adam's moments and step count came along.
        Assert.Equal(BitConverter.DoubleToInt64Bits(saved.TrainSequence(inputs, targets, 0.01)), BitConverter.DoubleToInt64Bits(loaded.TrainSequence(inputs, targets, 0.01)));
        Assert.Equal(Bits(saved), Bits(loaded));

        saved.ResetState();
        loaded.ResetState();
        double[] expected = new double[saved.OutputCount];
        double[] actual = new double[saved.OutputCount];
        for (int t = 0; t < Steps; t++)
        {
            ReadOnlySpan<double> input = inputs.AsSpan((t % 8) * saved.InputCount, saved.InputCount);
            saved.Step(input, expected);
            loaded.Step(input, actual);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
        }

        double[] one = inputs[..saved.InputCount];
        Assert.Equal(0, Allocations.Measure(() => loaded.Step(one, actual)));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_loaded_float_network_steps_and_trains_bit_for_bit_like_the_saved_one(string cell, string layers)
    {
        NetworkAssembly assembly = NetworkAssembly.Build(Source("Net", $"{layers}, {cell}, Optimizer = Optimizer.Momentum, Precision = Precision.Single"));
        var saved = (ISingleRecurrentNetwork)assembly.CreateObject("Demo.Net");
        var loaded = (ISingleRecurrentNetwork)assembly.CreateObject("Demo.Net");
        saved.Randomize(3);
        loaded.Randomize(4);
        var random = new Random(5);
        float[] inputs = [.. Draw(random, 8 * saved.InputCount).Select(v => (float)v)];
        float[] targets = [.. Draw(random, 8 * saved.OutputCount).Select(v => (float)v)];
        for (int step = 0; step < 3; step++)
        {
            saved.TrainSequence(inputs, targets, 0.01f);
        }

        using var stream = new MemoryStream();
        NetworkDescription description = Describe(saved.LayerSizes.ToArray(), cell, Precision.Single, Optimizer.Momentum);
        saved.Save(stream);
        Assert.Equal(NetworkFormat.FileSize(description), stream.Length);
        stream.Position = 0;
        loaded.Load(stream);
        Assert.Equal(Bits(saved), Bits(loaded));

        Assert.Equal(BitConverter.SingleToInt32Bits(saved.TrainSequence(inputs, targets, 0.01f)), BitConverter.SingleToInt32Bits(loaded.TrainSequence(inputs, targets, 0.01f)));
        Assert.Equal(Bits(saved), Bits(loaded));

        saved.ResetState();
        loaded.ResetState();
        float[] expected = new float[saved.OutputCount];
        float[] actual = new float[saved.OutputCount];
        for (int t = 0; t < Steps; t++)
        {
            ReadOnlySpan<float> input = inputs.AsSpan((t % 8) * saved.InputCount, saved.InputCount);
            saved.Step(input, expected);
            loaded.Step(input, actual);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void The_file_records_the_cell_in_byte_11_of_a_version_3_header()
    {
        NetworkAssembly assembly = NetworkAssembly.Build(Source("Net", "1, 4, 1, Cell = Cell.LSTM, Output = Activation.Linear"));
        var network = (IRecurrentNetwork)assembly.CreateObject("Demo.Net");
        network.Randomize(1);
        byte[] file = Saved(network.Save);

        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)));
        Assert.Equal((byte)Cell.LSTM, file[11]);
        Assert.Equal((int)Cell.LSTM, (int)Unrolled.Generator.Parsing.SavedNetworkLayout.ReadHeader(file).Cell); // the frozen networks' reader sees it too
        Assert.Equal(new byte[] { (byte)Activation.Tanh, (byte)Activation.Linear }, file[28..30]); // the cell's stored activation, then the output's
        Assert.Equal((ulong)network.ParameterCount, BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(30)));
        Assert.Equal(4 * 4 * (1 + 4 + 2) + (4 + 1), network.ParameterCount);
    }

    [Fact]
    public void A_file_of_another_cell_kind_or_shape_is_refused_naming_both_and_changes_nothing()
    {
        NetworkAssembly assembly = NetworkAssembly.Build(
            Source("Dense", "1, 4, 1"), Source("Gru", "1, 4, 1, Cell = Cell.GRU"), Source("Lstm", "1, 4, 1, Cell = Cell.LSTM"), Source("Wider", "1, 5, 1, Cell = Cell.GRU"));
        INetwork dense = assembly.Create("Demo.Dense");
        var gru = (IRecurrentNetwork)assembly.CreateObject("Demo.Gru");
        var lstm = (IRecurrentNetwork)assembly.CreateObject("Demo.Lstm");
        var wider = (IRecurrentNetwork)assembly.CreateObject("Demo.Wider");
        dense.Randomize(1);
        gru.Randomize(2);
        lstm.Randomize(3);
        wider.Randomize(4);
        const string DenseFile = "1-4-1 (Sigmoid hidden, Sigmoid output, SquaredError, Sgd, Double)";
        const string GruFile = "1-4-1 (GRU cells, Sigmoid output, SquaredError, Sgd, Double)";

        AssertRefused(gru, Saved(dense.Save), DenseFile, GruFile);
        AssertRefused(lstm, Saved(gru.Save), GruFile, "1-4-1 (LSTM cells, Sigmoid output, SquaredError, Sgd, Double)");
        AssertRefused(wider, Saved(gru.Save), GruFile, "1-5-1 (GRU cells, Sigmoid output, SquaredError, Sgd, Double)");

        double[] before = NetworkParameters.Of(dense);
        var error = Assert.Throws<InvalidDataException>(() => dense.Load(new MemoryStream(Saved(gru.Save))));
        Assert.Equal($"The file holds a {GruFile} network, but it is being loaded into a {DenseFile} network.", error.Message);
        Assert.Equal(before, NetworkParameters.Of(dense));
    }

    [Fact]
    public void A_version_2_file_still_loads_as_a_feedforward_network()
    {
        var network = new XorNetwork();
        double[] parameters = [.. Enumerable.Range(0, XorNetwork.ParameterCount).Select(p => p * 0.25)];
        network.SetParameters(parameters);
        byte[] file = Saved(network.Save);
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)));
        Assert.Equal(0, file[11]);

        // Version 2 is version 3 with byte 11 reserved: the same bytes under the older number.
        file[4] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), Crc32.Compute(file.AsSpan(0, file.Length - 4)));
        var loaded = new XorNetwork();
        loaded.Load(new MemoryStream(file));
        Assert.Equal(parameters, NetworkParameters.Of(loaded));
    }

    [Fact]
    public void NetworkFile_saves_and_loads_recurrent_networks_through_a_path()
    {
        NetworkAssembly assembly = NetworkAssembly.Build(Source("Net", "1, 4, 1, Cell = Cell.GRU"), Source("Single", "1, 4, 1, Cell = Cell.GRU, Precision = Precision.Single"));
        var saved = (IRecurrentNetwork)assembly.CreateObject("Demo.Net");
        var loaded = (IRecurrentNetwork)assembly.CreateObject("Demo.Net");
        var savedSingle = (ISingleRecurrentNetwork)assembly.CreateObject("Demo.Single");
        var loadedSingle = (ISingleRecurrentNetwork)assembly.CreateObject("Demo.Single");
        saved.Randomize(6);
        savedSingle.Randomize(7);
        string directory = Path.Combine(Path.GetTempPath(), "unrolled-recurrent-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string path = Path.Combine(directory, "gru.unrolled");
            NetworkFile.Save(saved, path);
            NetworkFile.Load(loaded, path);
            Assert.Equal(Bits(saved), Bits(loaded));

            NetworkFile.Save(savedSingle, path);
            NetworkFile.Load(loadedSingle, path);
            Assert.Equal(Bits(savedSingle), Bits(loadedSingle));

            // The text form is the binary one in base64.
            NetworkFile.SaveAsText(saved, path);
            Assert.Equal(Saved(saved.Save), Convert.FromBase64String(File.ReadAllText(path)));
            NetworkFile.SaveAsText(savedSingle, path);
            Assert.Equal(Saved(savedSingle.Save), Convert.FromBase64String(File.ReadAllText(path)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static string Source(string name, string arguments) => $$"""
        using Unrolled;
        namespace Demo
        {
            [Network({{arguments}})]
            public partial class {{name}} { }
        }
        """;

    internal static long[] Bits(IRecurrentNetwork network)
    {
        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return [.. parameters.Select(BitConverter.DoubleToInt64Bits)];
    }

    internal static int[] Bits(ISingleRecurrentNetwork network)
    {
        float[] parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return [.. parameters.Select(BitConverter.SingleToInt32Bits)];
    }

    internal static byte[] Saved(Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return stream.ToArray();
    }

    internal static double[] Draw(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 2) - 1)];

    private static void AssertRefused(IRecurrentNetwork network, byte[] file, string holds, string loadedInto)
    {
        long[] before = Bits(network);
        var error = Assert.Throws<InvalidDataException>(() => network.Load(new MemoryStream(file)));
        Assert.Equal($"The file holds a {holds} network, but it is being loaded into a {loadedInto} network.", error.Message);
        Assert.Equal(before, Bits(network));
    }

    private static NetworkDescription Describe(int[] layers, string cell, Precision precision, Optimizer optimizer = Optimizer.Adam)
    {
        Activation[] activations = [.. Enumerable.Range(1, layers.Length - 1).Select(l => l < layers.Length - 1 ? Activation.Tanh : Activation.Sigmoid)];
        return new NetworkDescription(layers, activations, cell.EndsWith("GRU", StringComparison.Ordinal) ? Cell.GRU : Cell.LSTM, Loss.SquaredError, optimizer, precision);
    }
}
