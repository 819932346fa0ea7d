namespace Unrolled.Generator.Model;

/// <summary>What the parser found for one annotated declaration: a spec to emit, diagnostics, or both empty.</summary>
internal sealed record ParseResult(NetworkSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static ParseResult Nothing { get; } = new(null, EquatableArray<DiagnosticInfo>.Empty);
}
