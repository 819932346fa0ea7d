using System;
using System.Globalization;
using System.Linq;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Reads a saved network (the runtime's NetworkFormat, versions 1 and 2) from the bytes of a weights
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
        if (version is not (1 or 2))
        {
            problem = $"it has format version {Text(version)}, and this generator reads versions 1 and 2";
            return null;
        }

        uint stored = ReadUInt32(bytes, bytes.Length - 4);
        if (stored != Crc32(bytes, bytes.Length - 4))
        {
            problem = "its checksum does not match: it is truncated or corrupted";
            return null;
        }

        // Version 2 has one activation per layer after the sizes; version 1 one for the hidden layers and one for the output.
        int layerCount = (int)Math.Min(int.MaxValue, ReadUInt32(bytes, 12));
        long headerSize = FixedHeaderSize + (4L * layerCount) + (version == 1 ? 0 : layerCount - 1);
        if (layerCount < 2 || bytes.Length < headerSize + 8)
        {
            problem = "its header is corrupted";
            return null;
        }

        // A frozen network never trains, so the saved loss and optimizer (bytes 9 and 10) and the
        // optimizer's state after the parameters are not its concern: what decides the numbers'
        // meaning is the layers, the activations and the precision.
        int[] layers = Enumerable.Range(0, layerCount).Select(l => (int)Math.Min(int.MaxValue, ReadUInt32(bytes, FixedHeaderSize + (4 * l)))).ToArray();
        int[] activations = Enumerable.Range(0, layerCount - 1)
            .Select(l => version == 1 ? bytes[l == layerCount - 2 ? 8 : 7] : bytes[FixedHeaderSize + (4 * layerCount) + l])
            .Select(value => (int)value)
            .ToArray();
        NetworkOptions options = spec.Options;
        string found = Describe(layers, activations, bytes[6]);
        string expected = Describe(spec);
        if (found != expected)
        {
            mismatch = true;
            problem = $"it holds a {found} network, but the attribute declares a {expected} network; {WhatToDeclare(spec, layers, activations, bytes[6])}";
            return null;
        }

        int element = options.Precision == Precision.Single ? 4 : 8;
        int offset = (int)headerSize;
        long count = (long)ReadUInt64(bytes, offset);
        offset += 8;
        if (count != Topology.CountParameters(spec.Sizes) || offset + (count * element) > bytes.Length - 4)
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
    /// says it without the loss and optimizer: "2-4-1 (Sigmoid hidden, Sigmoid output, Double)", or
    /// "4-16-8-3 (ReLU, Tanh, Softmax, Double)" when the hidden layers differ.
    /// </summary>
    public static string Describe(NetworkSpec spec) =>
        Describe(spec.Sizes, [.. spec.Activations.Select(activation => (int)activation)], (int)spec.Options.Precision);

    private static string Describe(int[] layers, int[] activations, int precision) =>
        string.Join("-", layers.Select(Text)) + " (" + DescribeActivations(activations) + ", " + Name<Precision>(precision) + ")";

    private static string DescribeActivations(int[] activations) =>
        HasUniformHidden(activations)
            ? $"{Name<Activation>(activations[0])} hidden, {Name<Activation>(activations[activations.Length - 1])} output"
            : string.Join(", ", activations.Select(Name<Activation>));

    private static bool HasUniformHidden(int[] activations) => activations.Take(activations.Length - 1).Distinct().Count() <= 1;

    // Only what differs: "declare it as the network that was saved: the layers 2, 4, 1 and Hidden = Activation.Tanh".
    private static string WhatToDeclare(NetworkSpec spec, int[] layers, int[] activations, int precision)
    {
        var changes = new System.Collections.Generic.List<string>();
        if (!layers.SequenceEqual(spec.Sizes))
        {
            changes.Add("the layers " + string.Join(", ", layers.Select(Text)));
        }

        int[] declared = [.. spec.Activations.Select(activation => (int)activation)];
        if (!activations.SequenceEqual(declared))
        {
            if (HasUniformHidden(activations) && HasUniformHidden(declared) && activations.Length == declared.Length)
            {
                if (activations[0] != declared[0])
                {
                    changes.Add($"Hidden = Activation.{Name<Activation>(activations[0])}");
                }

                if (activations[activations.Length - 1] != declared[declared.Length - 1])
                {
                    changes.Add($"Output = Activation.{Name<Activation>(activations[activations.Length - 1])}");
                }
            }
            else
            {
                changes.Add("Activations = new[] { " + string.Join(", ", activations.Select(a => "Activation." + Name<Activation>(a))) + " }");
            }
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
