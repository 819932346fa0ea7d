using System.Buffers.Binary;
using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Runtime;

/// <summary>
/// Save and Load: a round trip restores the network exactly, optimizer state included, and every
/// bad file is rejected with an InvalidDataException that says what is wrong, before the network
/// it is loaded into changes at all.
/// </summary>
public sealed class PersistenceTests
{
    public static TheoryData<int, int> SavedNetworks() =>
    [
        .. Enumerable.Range(0, OptionNetworks.Configurations.Count).SelectMany(c => Enumerable.Range(0, OptionNetworks.Topologies.Count).Select(t => (c, t))),
    ];

    [Theory]
    [MemberData(nameof(SavedNetworks))]
    public void A_loaded_network_predicts_and_trains_exactly_like_the_saved_one(int configuration, int topology)
    {
        INetwork saved = OptionNetworks.Create(configuration, topology);
        INetwork loaded = OptionNetworks.Create(configuration, topology);
        saved.Randomize(5);
        double[] input = [.. Enumerable.Range(0, saved.InputCount).Select(i => (i % 3) * 0.4)];
        double[] target = new double[saved.OutputCount];
        target[0] = 1;
        for (int step = 0; step < 7; step++)
        {
            saved.Train(input, target, 0.05);
        }

        using var stream = new MemoryStream();
        saved.Save(stream);
        Assert.Equal(NetworkFormat.FileSize(Describe(saved, configuration, topology)), stream.Length);
        stream.Position = 0;
        loaded.Load(stream);

        // Training on from here gives the same parameters only if the optimizer state came along.
        for (int step = 0; step < 5; step++)
        {
            Assert.Equal(saved.Train(input, target, 0.05), loaded.Train(input, target, 0.05));
        }

        Assert.Equal(NetworkParameters.Of(saved), NetworkParameters.Of(loaded));
    }

    [Fact]
    public void A_float_network_round_trips_bit_for_bit()
    {
        var saved = new SingleScaleNetwork();
        var loaded = new SingleScaleNetwork();
        saved.Randomize(9);
        using var stream = new MemoryStream();
        saved.Save(stream);
        stream.Position = 0;
        loaded.Load(stream);
        float[] a = new float[SingleScaleNetwork.ParameterCount];
        float[] b = new float[SingleScaleNetwork.ParameterCount];
        saved.CopyParametersTo(a);
        loaded.CopyParametersTo(b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_file_for_another_topology_names_both_topologies()
    {
        var xor = new XorNetwork();
        xor.Randomize(1);
        INetwork other = OptionNetworks.Create(0, 0);
        double[] before = NetworkParameters.Of(other);
        var error = Assert.Throws<InvalidDataException>(() => other.Load(Saved(xor)));
        Assert.Contains("2-4-1 (Sigmoid hidden, Sigmoid output, SquaredError, Sgd, Double)", error.Message, StringComparison.Ordinal);
        Assert.Contains("3-5-2 (Tanh hidden, Sigmoid output, SquaredError, Sgd, Double)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, NetworkParameters.Of(other));
    }

    [Fact]
    public void A_file_with_other_options_is_rejected()
    {
        INetwork adam = OptionNetworks.Create(6, 0);     // ReLU, softmax, cross-entropy, Adam on 3-5-2
        INetwork momentum = OptionNetworks.Create(5, 0); // defaults with momentum on 3-5-2
        var error = Assert.Throws<InvalidDataException>(() => momentum.Load(Saved(adam)));
        Assert.Contains("Adam", error.Message, StringComparison.Ordinal);
        Assert.Contains("Momentum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_is_reported_and_changes_nothing()
    {
        INetwork source = OptionNetworks.Create(6, 0);
        source.Randomize(2);
        byte[] file = Saved(source).ToArray();
        INetwork target = OptionNetworks.Create(6, 0);
        target.Randomize(3);
        double[] before = NetworkParameters.Of(target);
        for (int length = 0; length < file.Length; length++)
        {
            var error = Assert.Throws<InvalidDataException>(() => target.Load(new MemoryStream(file, 0, length)));
            Assert.True(error.Message.Contains("truncated", StringComparison.Ordinal) || error.Message.Contains("empty", StringComparison.Ordinal),
                $"length {length}: {error.Message}");
        }

        Assert.Equal(before, NetworkParameters.Of(target));
    }

    [Fact]
    public void Every_corrupted_byte_is_detected_and_changes_nothing()
    {
        var source = new XorNetwork();
        source.Randomize(2);
        byte[] file = Saved(source).ToArray();
        var target = new XorNetwork();
        target.Randomize(3);
        double[] before = NetworkParameters.Of(target);
        for (int index = 0; index < file.Length; index++)
        {
            foreach (byte flip in new byte[] { 0x01, 0x80, 0xFF })
            {
                byte[] corrupted = (byte[])file.Clone();
                corrupted[index] ^= flip;
                Assert.Throws<InvalidDataException>(() => target.Load(new MemoryStream(corrupted)));
            }
        }

        Assert.Equal(before, NetworkParameters.Of(target));
    }

    [Fact]
    public void The_messages_say_what_is_wrong()
    {
        var network = new XorNetwork();
        byte[] file = Saved(network).ToArray();

        byte[] notOurs = (byte[])file.Clone();
        notOurs[0] = (byte)'P';
        Assert.Contains("not a saved Unrolled network", Assert.Throws<InvalidDataException>(() => network.Load(new MemoryStream(notOurs))).Message, StringComparison.Ordinal);

        byte[] future = (byte[])file.Clone();
        future[4] = 4;
        Assert.Contains("format version 4", Assert.Throws<InvalidDataException>(() => network.Load(new MemoryStream(future))).Message, StringComparison.Ordinal);

        byte[] damaged = (byte[])file.Clone();
        damaged[40] ^= 0x10;
        Assert.Contains("checksum does not match", Assert.Throws<InvalidDataException>(() => network.Load(new MemoryStream(damaged))).Message, StringComparison.Ordinal);

        byte[] longer = [.. file, 0];
        Assert.Contains("goes on after the checksum", Assert.Throws<InvalidDataException>(() => network.Load(new MemoryStream(longer))).Message, StringComparison.Ordinal);

        Assert.Contains("inside the parameters", Assert.Throws<InvalidDataException>(() => network.Load(new MemoryStream(file, 0, 40))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_format_is_the_documented_one()
    {
        var network = new XorNetwork();
        double[] parameters = [.. Enumerable.Range(0, XorNetwork.ParameterCount).Select(p => p * 0.25)];
        network.SetParameters(parameters);
        byte[] file = Saved(network).ToArray();

        Assert.Equal("UNRL"u8.ToArray(), file[..4]);
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0 }, file[6..12]);               // double, reserved, reserved, squared error, SGD, no cell
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12)));
        Assert.Equal([2u, 4u, 1u], Enumerable.Range(0, 3).Select(l => BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(16 + (4 * l)))));
        Assert.Equal(new byte[] { 0, 0 }, file[28..30]);                         // sigmoid, sigmoid: one activation per layer after the input
        Assert.Equal(17ul, BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(30)));
        Assert.Equal(parameters, Enumerable.Range(0, 17).Select(p => BinaryPrimitives.ReadDoubleLittleEndian(file.AsSpan(38 + (8 * p)))));
        Assert.Equal(0ul, BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(38 + (8 * 17))));
        Assert.Equal(Crc32.Compute(file.AsSpan(0, file.Length - 4)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - 4)));
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void A_version_1_file_still_loads()
    {
        var network = new XorNetwork();
        double[] parameters = [.. Enumerable.Range(0, XorNetwork.ParameterCount).Select(p => p * 0.25)];
        network.SetParameters(parameters);
        byte[] version2 = Saved(network).ToArray();

        // Version 1: the hidden and output activations in bytes 7 and 8, no list after the sizes.
        byte[] body = [.. version2[..28], .. version2[30..^4]];
        body[4] = 1;
        body[7] = (byte)Activation.Sigmoid;
        body[8] = (byte)Activation.Sigmoid;
        byte[] version1 = new byte[body.Length + 4];
        body.CopyTo(version1, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(version1.AsSpan(body.Length), Crc32.Compute(body));

        var loaded = new XorNetwork();
        loaded.Load(new MemoryStream(version1));
        Assert.Equal(parameters, NetworkParameters.Of(loaded));

        // A version 1 file for another activation is refused as such.
        body[8] = (byte)Activation.Tanh;
        BinaryPrimitives.WriteUInt32LittleEndian(version1.AsSpan(body.Length), Crc32.Compute(body));
        body.CopyTo(version1, 0);
        Assert.Contains("Sigmoid hidden, Tanh output", Assert.Throws<InvalidDataException>(() => loaded.Load(new MemoryStream(version1))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_to_a_path_replaces_the_file_only_once_the_new_one_is_complete()
    {
        string directory = Path.Combine(Path.GetTempPath(), "unrolled-save-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string path = Path.Combine(directory, "xor.unrolled");
            var network = new XorNetwork();
            network.Randomize(1);
            NetworkFile.Save(network, path);
            byte[] first = File.ReadAllBytes(path);

            // A save that fails halfway, as a full disk would, must leave the previous file whole.
            Assert.Throws<IOException>(() => NetworkFile.WriteAtomically(path, stream =>
            {
                stream.Write(new byte[10]);
                throw new IOException("No space left on device");
            }));
            Assert.Equal(first, File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(directory));

            var loaded = new XorNetwork();
            NetworkFile.Load(loaded, path);
            Assert.Equal(NetworkParameters.Of(network), NetworkParameters.Of(loaded));

            network.Randomize(2);
            NetworkFile.Save(network, path);
            NetworkFile.Load(loaded, path);
            Assert.Equal(NetworkParameters.Of(network), NetworkParameters.Of(loaded));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static MemoryStream Saved(INetwork network)
    {
        var stream = new MemoryStream();
        network.Save(stream);
        stream.Position = 0;
        return stream;
    }


    private static NetworkDescription Describe(INetwork network, int configuration, int topology)
    {
        ReferenceOptions options = OptionNetworks.Configurations[configuration];
        return new NetworkDescription(OptionNetworks.Topologies[topology], options.ActivationsFor(OptionNetworks.Topologies[topology]), options.Loss, options.Optimizer, Precision.Double);
    }
}
