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
    public static ParseResult Resolve(NetworkSpec spec, ImmutableArray<AdditionalFileText> files, StringComparison fileSystemCase)
    {
        if (spec.Frozen is not { } frozen)
        {
            return new ParseResult(spec, EquatableArray<DiagnosticInfo>.Empty);
        }

        var diagnostics = new DiagnosticList();
        string name = frozen.FileName;
        AdditionalFileText[] matches = WeightsFileMatcher.Find(name, files, fileSystemCase);
        if (matches.Length == 0)
        {
            diagnostics.Add(DiagnosticDescriptors.WeightsFileNotFound, frozen.Location, spec.TypeName, name);
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        if (matches.Length > 1)
        {
            string[] paths = [.. matches.Select(Shown)];
            diagnostics.Add(DiagnosticDescriptors.WeightsPathAmbiguous, frozen.Location, spec.TypeName, name,
                string.Join(", ", paths.Take(paths.Length - 1).Select(Quoted)) + " and " + Quoted(paths[paths.Length - 1]), paths[0]);
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        AdditionalFileText file = matches[0];
        if (file.Text is null)
        {
            diagnostics.Add(DiagnosticDescriptors.WeightsFileNotSavedYet, frozen.Location, spec.TypeName, Shown(file));
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        long[]? bits = null;
        string problem;
        bool mismatch = false;
        try
        {
            byte[] bytes = Convert.FromBase64String(file.Text);
            bits = OnnxWeightsReader.IsOnnx(file.Path)
                ? OnnxWeightsReader.Read(bytes, spec, out problem, out mismatch)
                : SavedNetworkReader.Read(bytes, spec, out problem, out mismatch);
        }
        catch (FormatException)
        {
            problem = "it is not base64 text";
        }

        if (bits is null)
        {
            diagnostics.Add(mismatch ? DiagnosticDescriptors.WeightsFileMismatch : DiagnosticDescriptors.WeightsFileUnreadable,
                frozen.Location, spec.TypeName, Shown(file), problem, OnnxWeightsReader.IsOnnx(file.Path) ? OnnxWeightsReader.Fix : SavedNetworkFix);
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        // The location only served the diagnostics above; without it, moving the network to another
        // line leaves the resolved spec equal and its file is not generated again.
        return new ParseResult(spec with { Frozen = frozen with { Bits = bits.ToEquatableArray(), Location = null } }, EquatableArray<DiagnosticInfo>.Empty);
    }

    private const string SavedNetworkFix = "save the trained network again with NetworkFile.SaveAsText";

    // As the user wrote it in the project: relative to the project directory where it can be.
    private static string Shown(AdditionalFileText file) => file.RelativePath ?? file.Path;

    private static string Quoted(string path) => "'" + path + "'";
}
