using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Linq;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Reads a saved network (the runtime's NetworkFormat, versions 1 to 3) from the bytes of a weights
/// file, at compile time: the text form NetworkFile.SaveAsText writes, decoded, and the binary form
/// NetworkFile.Save writes, which the package's build step turns into that same text. It checks
/// what the runtime checks on Load, except the loss and optimizer, which a frozen network never
/// uses. Where each field lies, and the CRC-32, come from the runtime's own SavedNetworkLayout,
/// compiled in as a linked file; what is said about a bad file is this generator's, worded for a diagnostic.
/// </summary>
internal static class SavedNetworkReader
{
    /// <summary>The parameters' bits, or null with the reason in <paramref name="problem"/>.</summary>
    public static long[]? Read(byte[] bytes, NetworkSpec spec, out string problem, out bool mismatch)
    {
        mismatch = false;
        if (bytes.Length < SavedNetworkLayout.FixedHeaderSize || !SavedNetworkLayout.StartsWithMagic(bytes))
        {
            problem = "it is not a saved Unrolled network";
            return null;
        }

        ushort version = SavedNetworkLayout.ReadVersion(bytes);
        if (!SavedNetworkLayout.IsReadable(version))
        {
            problem = $"it has format version {Text(version)}, and this generator reads versions " +
                $"{Text(SavedNetworkLayout.SharedActivationsVersion)} to {Text(SavedNetworkLayout.Version)}";
            return null;
        }

        if (SavedNetworkLayout.ReadChecksum(bytes) != SavedNetworkLayout.ComputeChecksum(bytes))
        {
            problem = "its checksum does not match: it is truncated or corrupted";
            return null;
        }

        uint layerCount = SavedNetworkLayout.ReadLayerCount(bytes);
        if (!SavedNetworkLayout.IsPlausible(layerCount)
            || bytes.Length < SavedNetworkLayout.HeaderSize((int)layerCount, version) + SavedNetworkLayout.CountSize)
        {
            problem = "its header is corrupted";
            return null;
        }

        // A frozen network never trains, so the saved loss and optimizer and the optimizer's state
        // after the parameters are not its concern: what decides the numbers' meaning is the
        // layers, the activations and the precision.
        SavedNetworkHeader header = SavedNetworkLayout.ReadHeader(bytes);
        int[] layers = header.Layers;
        int[] activations = [.. header.Activations.Select(activation => (int)activation)];
        int precision = (int)header.Precision;
        int cell = (int)header.Cell;
        string found = Describe(layers, activations, cell, precision);
        string expected = Describe(spec);
        if (found != expected)
        {
            mismatch = true;
            problem = $"it holds a {found} network, but the attribute declares a {expected} network; {WhatToDeclare(spec, layers, activations, cell, precision)}";
            return null;
        }

        // The optimizer state that follows the parameters is never read, so its count does not matter here.
        long parameterCount = CountParameters(spec);
        int element = SavedNetworkLayout.ElementSize(spec.Options.Precision);
        SavedNetworkSections sections = header.Sections(parameterCount, stateCount: 0, element);
        if (SavedNetworkLayout.ReadCount(bytes, sections.ParameterCountOffset) != (ulong)parameterCount
            || sections.StateCountOffset > bytes.Length - SavedNetworkLayout.ChecksumSize)
        {
            problem = "its parameter count does not fit its header: it is corrupted";
            return null;
        }

        long[] bits = new long[parameterCount];
        for (int p = 0; p < bits.Length; p++)
        {
            ReadOnlySpan<byte> number = bytes.AsSpan((int)sections.ParametersOffset + (p * element), element);
            bits[p] = element == sizeof(double) ? BinaryPrimitives.ReadInt64LittleEndian(number) : BinaryPrimitives.ReadUInt32LittleEndian(number);
        }

        problem = string.Empty;
        return bits;
    }

    /// <summary>
    /// What a frozen network has to match in its weights file, as the runtime's NetworkDescription
    /// says it without the loss and optimizer: "2-4-1 (Sigmoid hidden, Sigmoid output, Double)",
    /// "4-16-8-3 (ReLU, Tanh, Softmax, Double)" when the hidden layers differ, or "1-16-1 (GRU cells,
    /// Linear output, Double)" for a recurrent network, whose cells have no activation of their own.
    /// </summary>
    public static string Describe(NetworkSpec spec) =>
        Describe(spec.Sizes, [.. spec.Activations.Select(activation => (int)activation)], (int)spec.Cell, (int)spec.Options.Precision);

    private static string Describe(int[] layers, int[] activations, int cell, int precision) =>
        string.Join("-", layers.Select(Text)) + " (" +
        (cell == (int)Cell.None ? DescribeActivations(activations) : $"{Name<Cell>(cell)} cells, {Name<Activation>(activations[activations.Length - 1])} output") +
        ", " + Name<Precision>(precision) + ")";

    // A cell of h units on n inputs holds W_ih, W_hh, b_ih and b_hh: gates * h * (n + h + 2) numbers.
    private static long CountParameters(NetworkSpec spec)
    {
        int[] sizes = spec.Sizes;
        long gates = spec.Cell switch
        {
            Cell.None => 0,
            Cell.GRU => 3,
            Cell.LSTM => 4,
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Cell, "No gate count for this cell."),
        };
        if (gates == 0)
        {
            return Topology.CountParameters(sizes);
        }

        long count = ((long)sizes[sizes.Length - 2] + 1) * sizes[sizes.Length - 1];
        for (int layer = 1; layer < sizes.Length - 1; layer++)
        {
            count += gates * sizes[layer] * ((long)sizes[layer - 1] + sizes[layer] + 2);
        }

        return count;
    }

    private static string DescribeActivations(int[] activations) =>
        HasUniformHidden(activations)
            ? $"{Name<Activation>(activations[0])} hidden, {Name<Activation>(activations[activations.Length - 1])} output"
            : string.Join(", ", activations.Select(Name<Activation>));

    private static bool HasUniformHidden(int[] activations) => activations.Take(activations.Length - 1).Distinct().Count() <= 1;

    // Only what differs: "declare it as the network that was saved: the layers 2, 4, 1 and Hidden = Activation.Tanh".
    // The activations are advised in the form the attribute writes them: Hidden and Output while the file's
    // hidden layers share one activation and the attribute writes no Activations list, otherwise the file's
    // list, with the Hidden and Output the attribute writes to be removed, since Activations stands alone.
    // A file of cells is advised as Cell and Output alone: a cell has no activation to declare, and the
    // attribute's Hidden or Activations are to be removed (with Cell, they are an error of their own).
    private static string WhatToDeclare(NetworkSpec spec, int[] layers, int[] activations, int cell, int precision)
    {
        var changes = new System.Collections.Generic.List<string>();
        if (!layers.SequenceEqual(spec.Sizes))
        {
            changes.Add("the layers " + string.Join(", ", layers.Select(Text)));
        }

        if (cell != (int)spec.Cell)
        {
            changes.Add(cell == (int)Cell.None ? $"no Cell (remove Cell = Cell.{spec.Cell})" : $"Cell = Cell.{Name<Cell>(cell)}");
        }

        string[] written = [.. spec.Frozen?.ActivationArguments ?? EquatableArray<string>.Empty];
        string[] toRemove = [];
        int[] declared = [.. spec.Activations.Select(activation => (int)activation)];
        if (cell != (int)Cell.None)
        {
            if (activations[activations.Length - 1] != declared[declared.Length - 1])
            {
                changes.Add($"Output = Activation.{Name<Activation>(activations[activations.Length - 1])}");
            }

            toRemove = [.. written.Where(name => name != ActivationsReader.Output)];
        }
        else if (!activations.SequenceEqual(declared))
        {
            bool writesList = written.Contains(ActivationsReader.Activations);
            if (!writesList && HasUniformHidden(activations) && HasUniformHidden(declared) && activations.Length == declared.Length)
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
                toRemove = [.. written.Where(name => name != ActivationsReader.Activations)];
            }
        }

        if (precision != (int)spec.Options.Precision)
        {
            changes.Add($"Precision = Precision.{Name<Precision>(precision)}");
        }

        string replacement = cell != (int)Cell.None ? "a cell computes its own gates" : $"{ActivationsReader.Activations} replaces {(toRemove.Length == 1 ? "it" : "them")}";
        string removal = toRemove.Length == 0 ? string.Empty : $"; remove {string.Join(" and ", toRemove)}: {replacement}";
        return "declare it as the network that was saved: " + And(changes) + removal;
    }

    private static string And(System.Collections.Generic.List<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[items.Count - 1];

    private static string Name<T>(int value)
        where T : struct, Enum =>
        Enum.IsDefined(typeof(T), value) ? Enum.GetName(typeof(T), value)! : Text(value);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
