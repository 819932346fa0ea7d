using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace Unrolled;

/// <summary>
/// The file format of saved networks, version 3. Every number is little-endian:
/// <code>
/// offset     size      field
/// 0          4         magic: the ASCII bytes "UNRL"
/// 4          2         format version: 3
/// 6          1         precision (0 double, 1 single)
/// 7          1         reserved: 0 (version 1: the activation of every hidden layer)
/// 8          1         reserved: 0 (version 1: the output layer's activation)
/// 9          1         loss
/// 10         1         optimizer
/// 11         1         cell: what every hidden layer is (the Cell enum's value: 0 dense, 1 GRU, 2 LSTM; reserved, 0, before version 3)
/// 12         4         L, the number of layers
/// 16         4 * L     the layer sizes, input layer first
/// ...        L - 1     the activation of each layer after the input (the Activation enum's value; not in version 1)
/// ...        8         P, the number of parameters
/// ...        P * e     the parameters in the documented order (e = 8 for double, 4 for single; a recurrent network's in PyTorch's)
/// ...        8         S, the number of optimizer numbers (see NetworkDescription.StateCount)
/// ...        S * e     the optimizer's state
/// ...        4         CRC-32 (zlib's) of every byte before it
/// </code>
/// Version 1 files, whose hidden layers share one activation, and version 2 files, which hold
/// feedforward networks only, still load. A recurrent network's cells are stored with the activation
/// Tanh, which their gates do not read. Where each field lies is
/// known in one place, SavedNetworkLayout, which the generator also compiles to read frozen networks' weights.
/// Reading checks everything (the header against the network it is loaded into, the lengths,
/// the checksum, and that nothing follows) before it writes a single number, and reports the
/// first problem as an <see cref="InvalidDataException"/> that says what is wrong.
/// </summary>
public static class NetworkFormat
{
    /// <summary>The current version, written by <see cref="Write(Stream, NetworkDescription, ReadOnlySpan{double}, ReadOnlySpan{double})"/>.</summary>
    public const ushort Version = SavedNetworkLayout.Version;

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
        return Sections(description, Version).FileSize;
    }

    // Where the parameters, the optimizer state and the checksum lie in a file of this version for the description.
    private static SavedNetworkSections Sections(NetworkDescription description, ushort version) =>
        new(SavedNetworkLayout.HeaderSize(description.Layers.Count, version), description.ParameterCount, description.StateCount,
            SavedNetworkLayout.ElementSize(description.Precision));

    private static void Write<T>(Stream stream, NetworkDescription description, ReadOnlySpan<T> parameters, ReadOnlySpan<T> state, Precision precision)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(description);
        if (description.Precision != precision)
        {
            throw new ArgumentException($"The description is for {description.Precision} numbers, but {precision} numbers were given.", nameof(description));
        }

        if (parameters.Length != description.ParameterCount || state.Length != description.StateCount)
        {
            throw new ArgumentException(
                $"A {description} network has {description.ParameterCount} parameters and {description.StateCount} optimizer numbers; {parameters.Length} and {state.Length} were given.");
        }

        SavedNetworkSections sections = Sections(description, Version);
        byte[] bytes = new byte[checked((int)sections.FileSize)];
        SavedNetworkLayout.WriteHeader(bytes, description.Precision, [.. description.Layers], [.. description.Activations], description.Cell, description.Loss, description.Optimizer);
        WriteNumbers(bytes, sections.ParameterCountOffset, parameters);
        WriteNumbers(bytes, sections.StateCountOffset, state);
        SavedNetworkLayout.WriteChecksum(bytes);
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(bytes);
    }

    private static void Read<T>(Stream stream, NetworkDescription expected, Span<T> parameters, Span<T> state)
        where T : unmanaged
    {
        byte[] bytes = ReadChecked(stream, expected, out SavedNetworkSections sections);
        ReadNumbers(bytes, sections.ParametersOffset, parameters);
        ReadNumbers(bytes, sections.StateOffset, state);
    }

    // A count, then the numbers' bytes, little-endian whatever the machine.
    private static void WriteNumbers<T>(byte[] bytes, long countOffset, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        SavedNetworkLayout.WriteCount(bytes, countOffset, values.Length);
        Span<byte> target = bytes.AsSpan(checked((int)countOffset + SavedNetworkLayout.CountSize), values.Length * ElementSize<T>.Bytes);
        MemoryMarshal.AsBytes(values).CopyTo(target);
        SwapIfBigEndian<T>(target);
    }

    private static void ReadNumbers<T>(byte[] bytes, long offset, Span<T> values)
        where T : unmanaged
    {
        Span<byte> target = MemoryMarshal.AsBytes(values);
        bytes.AsSpan(checked((int)offset), target.Length).CopyTo(target);
        SwapIfBigEndian<T>(target);
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

    // Reads and checks the whole file; returns its bytes and where its sections lie.
    private static byte[] ReadChecked(Stream stream, NetworkDescription expected, out SavedNetworkSections sections)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(expected);
        const int FixedHeaderSize = SavedNetworkLayout.FixedHeaderSize;
        byte[] header = new byte[FixedHeaderSize];
        int got = ReadFully(stream, header);
        ReadOnlySpan<byte> start = header.AsSpan(0, got);
        if (SavedNetworkLayout.StartsWithTextMagic(start))
        {
            throw new InvalidDataException(
                "The file is a saved Unrolled network in the text form NetworkFile.SaveAsText writes (the binary format in base64, for frozen networks), " +
                "which only the generator reads, through [Network(..., Weights = \"file\")]. To load it here, save the network with NetworkFile.Save " +
                "instead, or decode the text with Convert.FromBase64String and load those bytes.");
        }

        int magicLength = SavedNetworkLayout.Magic.Length;
        if (!SavedNetworkLayout.StartsWithMagic(start))
        {
            throw new InvalidDataException(got < magicLength
                ? $"The file has only {Count(got, "byte")}: it is empty or truncated, not a saved Unrolled network."
                : $"The file does not start with \"UNRL\" (it starts with {Convert.ToHexString(header, 0, magicLength)}): it is not a saved Unrolled network.");
        }

        if (got < FixedHeaderSize)
        {
            throw Truncated(got, "header");
        }

        ushort version = SavedNetworkLayout.ReadVersion(header);
        if (!SavedNetworkLayout.IsReadable(version))
        {
            throw new InvalidDataException(
                $"The file has format version {version}; this version of Unrolled reads versions {SavedNetworkLayout.SharedActivationsVersion} to {Version}.");
        }

        uint layerCount = SavedNetworkLayout.ReadLayerCount(header);
        if (!SavedNetworkLayout.IsPlausible(layerCount))
        {
            throw new InvalidDataException($"The file claims {Count(layerCount, "layer")}: its header is corrupted.");
        }

        // The sizes, then (from version 2) one activation per layer after the input.
        int headerSize = SavedNetworkLayout.HeaderSize((int)layerCount, version);
        byte[] wholeHeader = new byte[headerSize];
        header.CopyTo(wholeHeader, 0);
        got = FixedHeaderSize + ReadFully(stream, wholeHeader.AsSpan(FixedHeaderSize));
        if (got < headerSize)
        {
            throw Truncated(got, got < SavedNetworkLayout.SizesEnd((int)layerCount) ? "layer sizes" : "layer activations");
        }

        NetworkDescription found = Describe(SavedNetworkLayout.ReadHeader(wholeHeader));
        if (!found.Equals(expected))
        {
            throw new InvalidDataException($"The file holds a {found} network, but it is being loaded into a {expected} network.");
        }

        sections = Sections(expected, version);
        long total = sections.FileSize;
        byte[] bytes = new byte[total];
        wholeHeader.CopyTo(bytes, 0);
        got = headerSize + ReadFully(stream, bytes.AsSpan(headerSize));
        if (got < bytes.Length)
        {
            throw Truncated(got, sections.SectionAt(got));
        }

        if (stream.ReadByte() >= 0)
        {
            throw new InvalidDataException($"The file goes on after the checksum at byte {total}: it is corrupted or not what was saved.");
        }

        ulong parameterCount = SavedNetworkLayout.ReadCount(bytes, sections.ParameterCountOffset);
        ulong stateCount = SavedNetworkLayout.ReadCount(bytes, sections.StateCountOffset);
        uint stored = SavedNetworkLayout.ReadChecksum(bytes);
        uint computed = SavedNetworkLayout.ComputeChecksum(bytes);
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

    private static NetworkDescription Describe(SavedNetworkHeader header) =>
        new(header.Layers, header.Activations, header.Cell, header.Loss, header.Optimizer, header.Precision);

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
