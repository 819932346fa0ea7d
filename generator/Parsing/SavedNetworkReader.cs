using System;
using System.Globalization;
using System.Linq;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Reads a saved network (the runtime's NetworkFormat, version 1) from the bytes of a weights
/// file, at compile time: the text form NetworkFile.SaveAsText writes, decoded, and the binary form
/// NetworkFile.Save writes, which the package's build step turns into that same text. It checks
/// what the runtime checks on Load, except the loss and optimizer, which a frozen network never
/// uses. The generator cannot call the runtime, so the few lines of the format it needs are here.
/// </summary>
internal static class SavedNetworkReader
{
    private const int FixedHeaderSize = 16;

    /// <summary>The parameters' bits, or null with the reason in <paramref name="problem"/>.</summary>
    public static long[]? Read(byte[] bytes, NetworkSpec spec, out string problem, out bool mismatch)
    {
        mismatch = false;
        if (bytes.Length < FixedHeaderSize || bytes[0] != 'U' || bytes[1] != 'N' || bytes[2] != 'R' || bytes[3] != 'L')
        {
            problem = "it is not a saved Unrolled network";
            return null;
        }

        int version = bytes[4] | (bytes[5] << 8);
        if (version != 1)
        {
            problem = $"it has format version {Text(version)}, and this generator reads version 1";
            return null;
        }

        uint stored = ReadUInt32(bytes, bytes.Length - 4);
        if (stored != Crc32(bytes, bytes.Length - 4))
        {
            problem = "its checksum does not match: it is truncated or corrupted";
            return null;
        }

        int layerCount = (int)Math.Min(int.MaxValue, ReadUInt32(bytes, 12));
        if (layerCount < 2 || bytes.Length < FixedHeaderSize + (4L * layerCount) + 8)
        {
            problem = "its header is corrupted";
            return null;
        }

        // A frozen network never trains, so the saved loss and optimizer (bytes 9 and 10) and the
        // optimizer's state after the parameters are not its concern: what decides the numbers'
        // meaning is the layers, the activations and the precision.
        int[] layers = Enumerable.Range(0, layerCount).Select(l => (int)Math.Min(int.MaxValue, ReadUInt32(bytes, FixedHeaderSize + (4 * l)))).ToArray();
        NetworkOptions options = spec.Options;
        string found = Describe(layers, bytes[7], bytes[8], bytes[6]);
        string expected = Describe(spec);
        if (found != expected)
        {
            mismatch = true;
            problem = $"it holds a {found} network, but the attribute declares a {expected} network; {WhatToDeclare(spec, layers, bytes[7], bytes[8], bytes[6])}";
            return null;
        }

        int element = options.Precision == Precision.Single ? 4 : 8;
        int offset = FixedHeaderSize + (4 * layerCount);
        long count = (long)ReadUInt64(bytes, offset);
        offset += 8;
        if (count != Topology.CountParameters(spec.Layers) || offset + (count * element) > bytes.Length - 4)
        {
            problem = "its parameter count does not fit its header: it is corrupted";
            return null;
        }

        long[] bits = new long[count];
        for (int p = 0; p < count; p++, offset += element)
        {
            bits[p] = element == 8 ? (long)ReadUInt64(bytes, offset) : ReadUInt32(bytes, offset);
        }

        problem = string.Empty;
        return bits;
    }

    /// <summary>
    /// What a frozen network has to match in its weights file, as the runtime's NetworkDescription
    /// says it without the loss and optimizer: "2-4-1 (Sigmoid hidden, Sigmoid output, Double)".
    /// </summary>
    public static string Describe(NetworkSpec spec) =>
        Describe([.. spec.Layers], (int)spec.Options.Hidden, (int)spec.Options.Output, (int)spec.Options.Precision);

    private static string Describe(int[] layers, int hidden, int output, int precision) =>
        string.Join("-", layers.Select(Text)) + $" ({Name<Activation>(hidden)} hidden, {Name<Activation>(output)} output, {Name<Precision>(precision)})";

    // Only what differs: "declare it as the network that was saved: the layers 2, 4, 1 and Hidden = Activation.Tanh".
    private static string WhatToDeclare(NetworkSpec spec, int[] layers, int hidden, int output, int precision)
    {
        var changes = new System.Collections.Generic.List<string>();
        if (!layers.SequenceEqual(spec.Layers))
        {
            changes.Add("the layers " + string.Join(", ", layers.Select(Text)));
        }

        if (hidden != (int)spec.Options.Hidden)
        {
            changes.Add($"Hidden = Activation.{Name<Activation>(hidden)}");
        }

        if (output != (int)spec.Options.Output)
        {
            changes.Add($"Output = Activation.{Name<Activation>(output)}");
        }

        if (precision != (int)spec.Options.Precision)
        {
            changes.Add($"Precision = Precision.{Name<Precision>(precision)}");
        }

        string list = changes.Count == 1 ? changes[0] : string.Join(", ", changes.Take(changes.Count - 1)) + " and " + changes[changes.Count - 1];
        return "declare it as the network that was saved: " + list;
    }

    private static string Name<T>(int value)
        where T : struct, Enum =>
        Enum.IsDefined(typeof(T), value) ? Enum.GetName(typeof(T), value)! : Text(value);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static uint ReadUInt32(byte[] bytes, int offset) =>
        (uint)(bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24));

    private static ulong ReadUInt64(byte[] bytes, int offset) => ReadUInt32(bytes, offset) | ((ulong)ReadUInt32(bytes, offset + 4) << 32);

    // CRC-32 of zlib, as the runtime writes it: reflected polynomial 0xEDB88320.
    private static uint Crc32(byte[] bytes, int length)
    {
        uint crc = 0xFFFFFFFFu;
        for (int i = 0; i < length; i++)
        {
            crc ^= bytes[i];
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
