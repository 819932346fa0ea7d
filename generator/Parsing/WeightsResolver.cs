using System;
using System.Collections.Immutable;
using System.Linq;
using Unrolled.Generator.Diagnostics;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Finds a frozen network's weights file among the <c>AdditionalFiles</c> and reads it into the
/// spec, or explains at the attribute why it cannot. Networks that train pass through unchanged.
/// </summary>
internal static class WeightsResolver
{
    public static ParseResult Resolve(NetworkSpec spec, ImmutableArray<AdditionalFileText> files)
    {
        if (spec.Frozen is not { } frozen)
        {
            return new ParseResult(spec, EquatableArray<DiagnosticInfo>.Empty);
        }

        var diagnostics = new DiagnosticList();
        string name = frozen.FileName;
        AdditionalFileText[] matches = [.. files.Where(f => Matches(f, name)).OrderBy(f => f.Path, StringComparer.Ordinal)];
        if (matches.Length == 0)
        {
            diagnostics.Add(DiagnosticDescriptors.WeightsFileNotFound, frozen.Location, spec.TypeName, name);
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        AdditionalFileText file = matches[0];
        long[]? bits = null;
        string problem = "the compiler could not read it";
        bool mismatch = false;
        if (file.Text is { } text)
        {
            try
            {
                byte[] bytes = Convert.FromBase64String(text);
                bits = OnnxWeightsReader.IsOnnx(file.Path)
                    ? OnnxWeightsReader.Read(bytes, spec, out problem, out mismatch)
                    : SavedNetworkReader.Read(bytes, spec, out problem, out mismatch);
            }
            catch (FormatException)
            {
                problem = "it is not base64 text";
            }
        }

        if (bits is null)
        {
            diagnostics.Add(mismatch ? DiagnosticDescriptors.WeightsFileMismatch : DiagnosticDescriptors.WeightsFileUnreadable,
                frozen.Location, spec.TypeName, file.Path, problem, OnnxWeightsReader.IsOnnx(file.Path) ? OnnxWeightsReader.Fix : SavedNetworkFix);
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        return new ParseResult(spec with { Frozen = frozen with { Bits = bits.ToEquatableArray() } }, EquatableArray<DiagnosticInfo>.Empty);
    }

    private const string SavedNetworkFix = "save the trained network again with NetworkFile.SaveAsText";

    // The option names a file as the project lists it: by file name, or by the end of its path.
    private static bool Matches(AdditionalFileText file, string name)
    {
        string normalized = name.Replace('\\', '/');
        string path = file.Path.Replace('\\', '/');
        return string.Equals(file.FileName, normalized, StringComparison.OrdinalIgnoreCase)
            || path.EndsWith("/" + normalized.TrimStart('/'), StringComparison.OrdinalIgnoreCase);
    }
}
