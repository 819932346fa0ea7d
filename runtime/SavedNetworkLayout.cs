using System;
using System.Buffers.Binary;

#if UNROLLED_GENERATOR
using Unrolled.Generator.Model;

// The generator compiles this file too, for the frozen networks' weights files: in its own
// namespace, so a project that sees both assemblies' internals never finds two types of one name.
namespace Unrolled.Generator.Parsing;
#else
namespace Unrolled;
#endif

/// <summary>
/// Where every field of a saved network lies (the format NetworkFormat documents, versions 1 to 3):
/// the one place that knows the bytes. NetworkFormat writes and loads files with it; the generator
/// reads the weights of frozen networks with it. It only locates, reads and writes fields; what a
/// bad file is called, each side says in its own words (an exception at run time, a diagnostic at
/// compile time).
/// </summary>
/// <remarks>
/// Compiled into the runtime and, as a linked file, into the generator (netstandard2.0), so it
/// uses no API newer than netstandard2.0 and System.Memory.
/// </remarks>
internal static class SavedNetworkLayout
{
    /// <summary>The version written: version 2's layout, and the cell of the hidden layers in byte 11.</summary>
    public const ushort Version = 3;

    /// <summary>The first version: one activation for every hidden layer and one for the output, in the fixed header.</summary>
    public const ushort SharedActivationsVersion = 1;

    /// <summary>The second version: one activation per layer after the sizes; byte 11 reserved, so every network it holds is feedforward.</summary>
    public const ushort LayerActivationsVersion = 2;

    /// <summary>Magic, version, precision, two version-1 activations, loss, optimizer, the cell (reserved before version 3), the layer count.</summary>
    public const int FixedHeaderSize = 16;

    /// <summary>More layers than this is a corrupted header, not a network.</summary>
    public const int MaxLayers = 1 << 16;

    /// <summary>The bytes of the parameter count and of the optimizer state count.</summary>
    public const int CountSize = sizeof(ulong);

    /// <summary>The bytes of the CRC-32 that ends the file.</summary>
    public const int ChecksumSize = sizeof(uint);

    private const int VersionOffset = 4;
    private const int PrecisionOffset = 6;
    private const int HiddenActivationOffset = 7;
    private const int OutputActivationOffset = 8;
    private const int LossOffset = 9;
    private const int OptimizerOffset = 10;
    private const int CellOffset = 11;
    private const int LayerCountOffset = 12;
    private const int LayerSizeBytes = sizeof(uint);

    /// <summary>The ASCII bytes "UNRL" every saved network begins with.</summary>
    public static ReadOnlySpan<byte> Magic => "UNRL"u8;

    /// <summary>"UNR" in base64: how the text form NetworkFile.SaveAsText writes begins.</summary>
    public static ReadOnlySpan<byte> TextMagic => "VU5S"u8;

    /// <summary>True when <paramref name="bytes"/> begin as a saved network does.</summary>
    public static bool StartsWithMagic(ReadOnlySpan<byte> bytes) => bytes.Length >= Magic.Length && bytes.Slice(0, Magic.Length).SequenceEqual(Magic);

    /// <summary>True when <paramref name="bytes"/> begin as the base64 text of a saved network does.</summary>
    public static bool StartsWithTextMagic(ReadOnlySpan<byte> bytes) => bytes.Length >= TextMagic.Length && bytes.Slice(0, TextMagic.Length).SequenceEqual(TextMagic);

    /// <summary>The format version in a fixed header.</summary>
    public static ushort ReadVersion(ReadOnlySpan<byte> fixedHeader) => BinaryPrimitives.ReadUInt16LittleEndian(fixedHeader.Slice(VersionOffset));

    /// <summary>True for the versions this build reads.</summary>
    public static bool IsReadable(ushort version) => version is SharedActivationsVersion or LayerActivationsVersion or Version;

    /// <summary>The layer count in a fixed header, unchecked.</summary>
    public static uint ReadLayerCount(ReadOnlySpan<byte> fixedHeader) => BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader.Slice(LayerCountOffset));

    /// <summary>True when a header's layer count can describe a network: an input, an output, at most <see cref="MaxLayers"/>.</summary>
    public static bool IsPlausible(uint layerCount) => layerCount is >= 2 and <= MaxLayers;

    /// <summary>The bytes of the whole header: the fixed part, the sizes, and from version 2 an activation per layer after the input.</summary>
    public static int HeaderSize(int layerCount, ushort version) =>
        SizesEnd(layerCount) + (version == SharedActivationsVersion ? 0 : layerCount - 1);

    /// <summary>The offset just after the layer sizes, where version 2's activations begin.</summary>
    public static int SizesEnd(int layerCount) => FixedHeaderSize + (LayerSizeBytes * layerCount);

    /// <summary>The bytes one number takes in a file of <paramref name="precision"/>.</summary>
    public static int ElementSize(Precision precision) => precision switch
    {
        Precision.Double => sizeof(double),
        Precision.Single => sizeof(float),
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "No element size for this precision."),
    };

    /// <summary>
    /// Reads a header whose magic, version and layer count were checked
    /// (<see cref="StartsWithMagic"/>, <see cref="IsReadable"/>, <see cref="IsPlausible"/>) and of
    /// which <paramref name="header"/> holds at least <see cref="HeaderSize"/> bytes. A version 1
    /// file's shared hidden activation is given to every hidden layer; a file older than version 3
    /// holds a feedforward network, <see cref="Cell.None"/>.
    /// </summary>
    public static SavedNetworkHeader ReadHeader(ReadOnlySpan<byte> header)
    {
        ushort version = ReadVersion(header);
        int layerCount = (int)ReadLayerCount(header);
        int[] layers = new int[layerCount];
        for (int l = 0; l < layers.Length; l++)
        {
            layers[l] = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(FixedHeaderSize + (LayerSizeBytes * l))));
        }

        var activations = new Activation[layerCount - 1];
        for (int l = 0; l < activations.Length; l++)
        {
            activations[l] = (Activation)(version == SharedActivationsVersion
                ? header[l == activations.Length - 1 ? OutputActivationOffset : HiddenActivationOffset]
                : header[SizesEnd(layerCount) + l]);
        }

        Cell cell = version >= Version ? (Cell)header[CellOffset] : Cell.None;
        return new SavedNetworkHeader(version, (Precision)header[PrecisionOffset], layers, activations, cell, (Loss)header[LossOffset], (Optimizer)header[OptimizerOffset]);
    }

    /// <summary>Writes the header of a current-version file into the start of <paramref name="bytes"/>; returns its size.</summary>
    public static int WriteHeader(Span<byte> bytes, Precision precision, ReadOnlySpan<int> layers, ReadOnlySpan<Activation> activations, Cell cell, Loss loss, Optimizer optimizer)
    {
        bytes.Slice(0, FixedHeaderSize).Clear();
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.Slice(VersionOffset), Version);
        bytes[PrecisionOffset] = (byte)precision;
        bytes[LossOffset] = (byte)loss;
        bytes[OptimizerOffset] = (byte)optimizer;
        bytes[CellOffset] = (byte)cell;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.Slice(LayerCountOffset), (uint)layers.Length);
        for (int l = 0; l < layers.Length; l++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.Slice(FixedHeaderSize + (LayerSizeBytes * l)), (uint)layers[l]);
        }

        int offset = SizesEnd(layers.Length);
        foreach (Activation activation in activations)
        {
            bytes[offset++] = (byte)activation;
        }

        return offset;
    }

    /// <summary>A parameter or optimizer state count, at <paramref name="offset"/>.</summary>
    public static ulong ReadCount(ReadOnlySpan<byte> bytes, long offset) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(checked((int)offset)));

    /// <summary>Writes a parameter or optimizer state count at <paramref name="offset"/>.</summary>
    public static void WriteCount(Span<byte> bytes, long offset, long count) => BinaryPrimitives.WriteUInt64LittleEndian(bytes.Slice(checked((int)offset)), (ulong)count);

    /// <summary>The CRC-32 a whole file ends with, as stored.</summary>
    public static uint ReadChecksum(ReadOnlySpan<byte> file) => BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(file.Length - ChecksumSize));

    /// <summary>The CRC-32 of a whole file's bytes before its checksum.</summary>
    public static uint ComputeChecksum(ReadOnlySpan<byte> file) => Crc32.Compute(file.Slice(0, file.Length - ChecksumSize));

    /// <summary>Ends a whole file with the CRC-32 of every byte before it.</summary>
    public static void WriteChecksum(Span<byte> file) =>
        BinaryPrimitives.WriteUInt32LittleEndian(file.Slice(file.Length - ChecksumSize), ComputeChecksum(file));
}

/// <summary>What a saved network's header says: the version, precision, layers, activations, cell, loss and optimizer.</summary>
/// <remarks>The enum values are as stored, so a corrupted byte shows as a number no member names.</remarks>
internal sealed class SavedNetworkHeader
{
    public SavedNetworkHeader(ushort version, Precision precision, int[] layers, Activation[] activations, Cell cell, Loss loss, Optimizer optimizer)
    {
        Version = version;
        Precision = precision;
        Layers = layers;
        Activations = activations;
        Cell = cell;
        Loss = loss;
        Optimizer = optimizer;
    }

    public ushort Version { get; }

    public Precision Precision { get; }

    /// <summary>Neurons per layer, input first.</summary>
    public int[] Layers { get; }

    /// <summary>One per layer after the input, the output's last.</summary>
    public Activation[] Activations { get; }

    /// <summary>What every hidden layer is: a dense layer (None), a GRU or an LSTM cell.</summary>
    public Cell Cell { get; }

    public Loss Loss { get; }

    public Optimizer Optimizer { get; }

    /// <summary>The header's bytes: where the parameter count begins.</summary>
    public int Size => SavedNetworkLayout.HeaderSize(Layers.Length, Version);

    /// <summary>Where each section after this header lies, for the given counts and element size.</summary>
    public SavedNetworkSections Sections(long parameterCount, long stateCount, int elementSize) =>
        new(Size, parameterCount, stateCount, elementSize);
}

/// <summary>
/// The sections after the header, each a count then its numbers: the parameters, the optimizer's
/// state, then the CRC-32. Offsets are from the start of the file.
/// </summary>
internal readonly struct SavedNetworkSections
{
    public SavedNetworkSections(int headerSize, long parameterCount, long stateCount, int elementSize)
    {
        ParameterCountOffset = headerSize;
        ParametersOffset = ParameterCountOffset + SavedNetworkLayout.CountSize;
        StateCountOffset = ParametersOffset + (parameterCount * elementSize);
        StateOffset = StateCountOffset + SavedNetworkLayout.CountSize;
        ChecksumOffset = StateOffset + (stateCount * elementSize);
    }

    public long ParameterCountOffset { get; }

    public long ParametersOffset { get; }

    /// <summary>Where the parameters end and the optimizer state's count begins.</summary>
    public long StateCountOffset { get; }

    public long StateOffset { get; }

    /// <summary>Where the optimizer state ends and the CRC-32 begins.</summary>
    public long ChecksumOffset { get; }

    /// <summary>The size of the whole file.</summary>
    public long FileSize => ChecksumOffset + SavedNetworkLayout.ChecksumSize;

    /// <summary>The section a file cut short after <paramref name="length"/> bytes (past the header) ends inside.</summary>
    public string SectionAt(long length) =>
        length < StateCountOffset ? "parameters" : length < ChecksumOffset ? "optimizer state" : "checksum";
}
