using Microsoft.CodeAnalysis.Diagnostics;

namespace Unrolled.Generator.Parsing;

/// <summary>The directory of the project being compiled, which <c>Weights</c> paths are relative to.</summary>
internal static class ProjectDirectory
{
    /// <summary>
    /// The SDK hands every project's <c>ProjectDir</c> to the compiler (it is a CompilerVisibleProperty
    /// of Microsoft.NET.Sdk); <c>MSBuildProjectDirectory</c> is read too, for a project that lists it
    /// itself. Null outside MSBuild, where a weights file is then matched by the end of its path.
    /// </summary>
    public static string? Read(AnalyzerConfigOptions options) =>
        Value(options, "build_property.ProjectDir") ?? Value(options, "build_property.MSBuildProjectDirectory");

    private static string? Value(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
