using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Which <c>AdditionalFiles</c> the pipeline reads: only those a frozen network's <c>Weights</c>
/// path could name. Any other file's text is never read, so editing it leaves every network cached.
/// </summary>
internal static class RequestedWeightsFiles
{
    /// <summary>Every <c>Weights</c> path the networks name, once each and in a fixed order.</summary>
    public static EquatableArray<string> Names(ImmutableArray<string> requested) =>
        requested.Distinct(StringComparer.Ordinal).OrderBy(name => name, StringComparer.Ordinal).ToEquatableArray();

    /// <summary>
    /// <paramref name="file"/> as plain values, its text read, when one of <paramref name="requested"/>
    /// names it; nothing otherwise. Matching is <see cref="WeightsFileMatcher"/>'s, file by file, so every
    /// candidate reaches the resolver, which then picks the project-relative match or reports ambiguity.
    /// A file the build step found missing is not read: the resolver says it is missing.
    /// </summary>
    public static ImmutableArray<AdditionalFileText> Read(PathedAdditionalText file, string? projectDirectory, EquatableArray<string> requested, StringComparison fileSystemCase, CancellationToken cancellationToken)
    {
        var candidate = new AdditionalFileText(file.Path, null, WeightsPath.RelativeTo(projectDirectory, file.Path, fileSystemCase), file.State);
        AdditionalFileText[] single = [candidate];
        if (!requested.Any(name => WeightsFileMatcher.Find(name, single, fileSystemCase).Length > 0))
        {
            return ImmutableArray<AdditionalFileText>.Empty;
        }

        return file.State == AdditionalFileState.Missing
            ? ImmutableArray.Create(candidate)
            : ImmutableArray.Create(candidate with { Text = file.Text.GetText(cancellationToken)?.ToString() });
    }
}
