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
        bool onnx = OnnxWeightsReader.IsOnnx(file.Path);
        if (file.State == AdditionalFileState.Missing || file.Text is null)
        {
            // The build step saw that the file is missing; without it (a project that references the
            // generator itself rather than the package), the compiler could not read the file and
            // says why beside this error: CS2001 for a missing file, CS2015 for a binary one.
            string what = file.State == AdditionalFileState.Missing
                ? $"does not exist: there is no file at '{file.Path}'"
                : "cannot be read: it does not exist yet (CS2001), or it is binary (CS2015), which the generator reads only through the Unrolled package's build step, build/Unrolled.targets";
            diagnostics.Add(DiagnosticDescriptors.WeightsFileNotSavedYet, frozen.Location, spec.TypeName, Shown(file), what, onnx ? OnnxMissingFix : SavedNetworkMissingFix);
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        long[]? bits = null;
        string problem;
        bool mismatch = false;
        WeightsFormat format;
        try
        {
            byte[] bytes = Convert.FromBase64String(file.Text);

            // A saved network says so in its first bytes, whatever the file's name; an ONNX model has
            // no such mark and is known by its extension.
            format = !IsSavedNetwork(bytes) && onnx ? WeightsFormat.Onnx
                : file.State == AdditionalFileState.ConvertedFromBinary ? WeightsFormat.SavedBinary
                : WeightsFormat.SavedText;
            bits = format == WeightsFormat.Onnx
                ? OnnxWeightsReader.Read(bytes, spec, out problem, out mismatch)
                : SavedNetworkReader.Read(bytes, spec, out problem, out mismatch);
        }
        catch (FormatException)
        {
            format = onnx ? WeightsFormat.Onnx : WeightsFormat.SavedText;
            problem = "it is not base64 text";
        }

        if (bits is null)
        {
            if (mismatch)
            {
                diagnostics.Add(DiagnosticDescriptors.WeightsFileMismatch, frozen.Location, spec.TypeName, Shown(file), WithOnnxAdvice(problem, format));
            }
            else
            {
                diagnostics.Add(DiagnosticDescriptors.WeightsFileUnreadable, frozen.Location, spec.TypeName, Shown(file), problem, format == WeightsFormat.Onnx ? OnnxWeightsReader.Fix : SavedNetworkFix);
            }

            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        // The location only served the diagnostics above; without it, moving the network to another
        // line leaves the resolved spec equal and its file is not generated again.
        return new ParseResult(spec with { Frozen = frozen with { Bits = bits.ToEquatableArray(), Location = null, Format = format } }, EquatableArray<DiagnosticInfo>.Empty);
    }

    private const string SavedNetworkFix = "save the trained network again with NetworkFile.Save or NetworkFile.SaveAsText";

    private const string SavedNetworkMissingFix = "train the network and write this file with NetworkFile.Save or NetworkFile.SaveAsText";

    private const string OnnxMissingFix = "export the model into it (torch.onnx.export where it was trained, or ExportOnnx of a trained Unrolled network)";

    // OnnxChain words a model of other layers or activations "The ONNX model holds a ... network, but
    // ..."; its other mismatches (precision, a LeakyReLU slope) carry their own advice already.
    private const string OnnxShapeMismatch = "The ONNX model holds a ";

    private static string WithOnnxAdvice(string problem, WeightsFormat format) =>
        format == WeightsFormat.Onnx && problem.StartsWith(OnnxShapeMismatch, StringComparison.Ordinal)
            ? problem + "; give the attribute the layers and activations of the exported model"
            : problem;

    private static bool IsSavedNetwork(byte[] bytes) => SavedNetworkLayout.StartsWithMagic(bytes);

    // As the user wrote it in the project: relative to the project directory where it can be.
    private static string Shown(AdditionalFileText file) => file.RelativePath ?? file.Path;

    private static string Quoted(string path) => "'" + path + "'";
}
