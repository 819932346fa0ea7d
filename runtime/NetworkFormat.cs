using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Unrolled;

/// <summary>
/// The file format of saved networks, version 2. Every number is little-endian:
/// <code>
/// offset     size      field
/// 0          4         magic: the ASCII bytes "UNRL"
/// 4          2         format version: 2
/// 6          1         precision (0 double, 1 single)
/// 7          1         reserved: 0 (version 1: the activation of every hidden layer)
/// 8          1         reserved: 0 (version 1: the output layer's activation)
/// 9          1         loss
/// 10         1         optimizer
/// 11         1         reserved: 0
/// 12         4         L, the number of layers
/// 16         4 * L     the layer sizes, input layer first
/// ...        L - 1     the activation of each layer after the input (the Activation enum's value; not in version 1)
/// ...        8         P, the number of parameters
/// ...        P * e     the parameters in the documented order (e = 8 for double, 4 for single)
/// ...        8         S, the number of optimizer numbers (see NetworkDescription.StateCount)
/// ...        S * e     the optimizer's state
/// ...        4         CRC-32 (zlib's) of every byte before it
/// </code>
/// Version 1 files, whose hidden layers share one activation, still load.
/// Reading checks everything (the header against the network it is loaded into, the lengths,
/// the checksum, and that nothing follows) before it writes a single number, and reports the
/// first problem as an <see cref="InvalidDataException"/> that says what is wrong.
/// </summary>
public static class NetworkFormat
{
    /// <summary>The current version, written by <see cref="Write(Stream, NetworkDescription, ReadOnlySpan{double}, ReadOnlySpan{double})"/>.</summary>
    public const ushort Version = 2;

    // The first version: one activation for every hidden layer, in the fixed header.
    private const ushort SharedActivationsVersion = 1;

    private const int FixedHeaderSize = 16;
    private const int MaxLayers = 1 << 16;
    private static ReadOnlySpan<byte> Magic => "UNRL"u8;

    // "UNR" in base64: how every file NetworkFile.SaveAsText writes begins.
    private static ReadOnlySpan<byte> TextMagic => "VU5S"u8;

    /// <summary>Writes a double network: its description, parameters and optimizer state.</summary>
    public static void Write(Stream stream, NetworkDescription description, ReadOnlySpan<double> parameters, ReadOnlySpan<double> state) =>
        Write(stream, description, parameters, state, Precision.Double);

    /// <summary>Writes a float network: its description, parameters and optimizer state.</summary>
    public static void Write(Stream stream, NetworkDescription description, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state) =>
        Write(stream, description, parameters, state, Precision.Single);

    /// <summary>
    /// Reads a double network saved for <paramref name="expected"/> into <paramref name="parameters"/>
    /// and <paramref name="state"/>, which are left untouched when the file is rejected.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is for another network, truncated, corrupted or not a network file.</exception>
    public static void Read(Stream stream, NetworkDescription expected, Span<double> parameters, Span<double> state) =>
        Read<double>(stream, expected, parameters, state);

    /// <summary>Reads a float network; see <see cref="Read(Stream, NetworkDescription, Span{double}, Span{double})"/>.</summary>
    /// <exception cref="InvalidDataException">The file is for another network, truncated, corrupted or not a network file.</exception>
    public static void Read(Stream stream, NetworkDescription expected, Span<float> parameters, Span<float> state) =>
        Read<float>(stream, expected, parameters, state);

    /// <summary>The size in bytes of a file for <paramref name="description"/>.</summary>
    public static long FileSize(NetworkDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return FileSize(description, Version);
    }

    private static long FileSize(NetworkDescription description, ushort version)
    {
        int element = description.Precision switch
        {
            Precision.Double => sizeof(double),
            Precision.Single => sizeof(float),
            _ => throw new ArgumentOutOfRangeException(nameof(description), description.Precision, "No element size for this precision."),
        };
        return HeaderSize(description.Layers.Count, version) + sizeof(long) + (description.ParameterCount * element) + sizeof(long) + (description.StateCount * element) + sizeof(uint);
    }

    private static long HeaderSize(int layers, ushort version) =>
        FixedHeaderSize + (4L * layers) + (version == SharedActivationsVersion ? 0 : layers - 1);

    private static void Write<T>(Stream stream, NetworkDescription description, ReadOnlySpan<T> parameters, ReadOnlySpan<T> state, Precision precision)
        where T : unmanaged
    {
        byte[] bytes = Begin(description, parameters.Length, state.Length, precision, out int offset);
        offset = WriteNumbers(bytes, offset, parameters);
        offset = WriteNumbers(bytes, offset, state);
        Finish(stream, bytes, offset);
    }

    private static void Read<T>(Stream stream, NetworkDescription expected, Span<T> parameters, Span<T> state)
        where T : unmanaged
    {
        byte[] bytes = ReadChecked(stream, expected, ElementSize<T>.Bytes, out int offset);
        offset = ReadNumbers(bytes, offset, parameters);
        ReadNumbers(bytes, offset, state);
    }

    // A count, then the numbers' bytes, little-endian whatever the machine.
    private static int WriteNumbers<T>(byte[] bytes, int offset, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), (ulong)values.Length);
        offset += sizeof(long);
        Span<byte> target = bytes.AsSpan(offset, values.Length * ElementSize<T>.Bytes);
        MemoryMarshal.AsBytes(values).CopyTo(target);
        SwapIfBigEndian<T>(target);
        return offset + target.Length;
    }

    private static int ReadNumbers<T>(byte[] bytes, int offset, Span<T> values)
        where T : unmanaged
    {
        offset += sizeof(long);
        Span<byte> target = MemoryMarshal.AsBytes(values);
        bytes.AsSpan(offset, target.Length).CopyTo(target);
        SwapIfBigEndian<T>(target);
        return offset + target.Length;
    }

    private static void SwapIfBigEndian<T>(Span<byte> bytes)
        where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            return;
        }

        int size = ElementSize<T>.Bytes;
        for (int start = 0; start < bytes.Length; start += size)
        {
            bytes.Slice(start, size).Reverse();
        }
    }

    private static byte[] Begin(NetworkDescription description, int parameterCount, int stateCount, Precision precision, out int offset)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (description.Precision != precision)
        {
            throw new ArgumentException($"The description is for {description.Precision} numbers, but {precision} numbers were given.", nameof(description));
        }

        if (parameterCount != description.ParameterCount || stateCount != description.StateCount)
        {
            throw new ArgumentException(
                $"A {description} network has {description.ParameterCount} parameters and {description.StateCount} optimizer numbers; {parameterCount} and {stateCount} were given.");
        }

        byte[] bytes = new byte[checked((int)FileSize(description))];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), Version);
        bytes[6] = (byte)description.Precision;
        bytes[9] = (byte)description.Loss;
        bytes[10] = (byte)description.Optimizer;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)description.Layers.Count);
        offset = FixedHeaderSize;
        foreach (int size in description.Layers)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), (uint)size);
            offset += 4;
        }

        foreach (Activation activation in description.Activations)
        {
            bytes[offset++] = (byte)activation;
        }

        return bytes;
    }

    private static void Finish(Stream stream, byte[] bytes, int offset)
    {
        ArgumentNullException.ThrowIfNull(stream);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), Crc32.Compute(bytes.AsSpan(0, offset)));
        stream.Write(bytes);
    }

    // Reads and checks the whole file; returns its bytes and the offset of the first parameter.
    private static byte[] ReadChecked(Stream stream, NetworkDescription expected, int element, out int offset)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(expected);
        byte[] header = new byte[FixedHeaderSize];
        int got = ReadFully(stream, header);
        if (got >= TextMagic.Length && header.AsSpan(0, TextMagic.Length).SequenceEqual(TextMagic))
        {
            throw new InvalidDataException(
                "The file is a saved Unrolled network in the text form NetworkFile.SaveAsText writes (the binary format in base64, for frozen networks), " +
                "which only the generator reads, through [Network(..., Weights = \"file\")]. To load it here, save the network with NetworkFile.Save " +
                "instead, or decode the text with Convert.FromBase64String and load those bytes.");
        }

        if (got < Magic.Length || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException(got < Magic.Length
                ? $"The file has only {Count(got, "byte")}: it is empty or truncated, not a saved Unrolled network."
                : $"The file does not start with \"UNRL\" (it starts with {Convert.ToHexString(header, 0, Magic.Length)}): it is not a saved Unrolled network.");
        }

        if (got < FixedHeaderSize)
        {
            throw Truncated(got, "header");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(4));
        if (version is not (SharedActivationsVersion or Version))
        {
            throw new InvalidDataException($"The file has format version {version}; this version of Unrolled reads versions {SharedActivationsVersion} and {Version}.");
        }

        uint layerCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
        if (layerCount is < 2 or > MaxLayers)
        {
            throw new InvalidDataException($"The file claims {Count(layerCount, "layer")}: its header is corrupted.");
        }

        // The sizes, then (from version 2) one activation per layer after the input.
        byte[] sizes = new byte[HeaderSize((int)layerCount, version) - FixedHeaderSize];
        got = ReadFully(stream, sizes);
        if (got < sizes.Length)
        {
            throw Truncated(FixedHeaderSize + got, got < 4 * layerCount ? "layer sizes" : "layer activations");
        }

        NetworkDescription found = Describe(header, sizes, (int)layerCount, version);
        if (!found.Equals(expected))
        {
            throw new InvalidDataException($"The file holds a {found} network, but it is being loaded into a {expected} network.");
        }

        long total = FileSize(expected, version);
        byte[] bytes = new byte[total];
        header.CopyTo(bytes, 0);
        sizes.CopyTo(bytes, FixedHeaderSize);
        int headerSize = FixedHeaderSize + sizes.Length;
        got = ReadFully(stream, bytes.AsSpan(headerSize));
        if (got < bytes.Length - headerSize)
        {
            throw Truncated(headerSize + got, Section(expected, version, headerSize + got, element));
        }

        if (stream.ReadByte() >= 0)
        {
            throw new InvalidDataException($"The file goes on after the checksum at byte {total}: it is corrupted or not what was saved.");
        }

        offset = headerSize;
        ulong parameterCount = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));
        ulong stateCount = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset + sizeof(long) + (int)(expected.ParameterCount * element)));
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - sizeof(uint)));
        uint computed = Crc32.Compute(bytes.AsSpan(0, bytes.Length - sizeof(uint)));
        if (stored != computed)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The checksum does not match (the file says {stored:X8}, its contents give {computed:X8}): the file is corrupted."));
        }

        if (parameterCount != (ulong)expected.ParameterCount || stateCount != (ulong)expected.StateCount)
        {
            throw new InvalidDataException($"The file's counts ({parameterCount} parameters, {stateCount} optimizer numbers) do not fit its own header: it is corrupted.");
        }

        return bytes;
    }

    private static NetworkDescription Describe(byte[] header, byte[] sizes, int layerCount, ushort version)
    {
        int[] layers = new int[layerCount];
        for (int l = 0; l < layers.Length; l++)
        {
            layers[l] = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(sizes.AsSpan(4 * l)));
        }

        var loss = (Loss)header[9];
        var optimizer = (Optimizer)header[10];
        var precision = (Precision)header[6];
        if (version == SharedActivationsVersion)
        {
            return new NetworkDescription(layers, (Activation)header[7], (Activation)header[8], loss, optimizer, precision);
        }

        var activations = new Activation[layerCount - 1];
        for (int l = 0; l < activations.Length; l++)
        {
            activations[l] = (Activation)sizes[(4 * layerCount) + l];
        }

        return new NetworkDescription(layers, activations, loss, optimizer, precision);
    }

    private static string Section(NetworkDescription description, ushort version, long end, int element)
    {
        long parametersEnd = HeaderSize(description.Layers.Count, version) + sizeof(long) + (description.ParameterCount * element);
        return end < parametersEnd ? "parameters" : end < FileSize(description, version) - sizeof(uint) ? "optimizer state" : "checksum";
    }

    // "1 byte", "3 bytes": the messages are read by people.
    private static string Count(long value, string noun) => value.ToString(CultureInfo.InvariantCulture) + " " + noun + (value == 1 ? string.Empty : "s");

    private static InvalidDataException Truncated(long length, string section) =>
        new($"The file ends after {length.ToString(CultureInfo.InvariantCulture)} bytes, inside the {section}: it is truncated.");

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
