namespace Unrolled.Generator.Emit.Shared;

/// <summary>The <c>[GeneratedCode]</c> attribute every generated member carries, so analyzers and coverage tools skip it.</summary>
internal static class GeneratedCode
{
    public const string Tool = "Unrolled.Generator";

    public static string Version { get; } = typeof(GeneratedCode).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    public static string Attribute { get; } = $"[global::System.CodeDom.Compiler.GeneratedCode(\"{Tool}\", \"{Version}\")]";

    /// <summary>For a small helper whose call would cost more than its body.</summary>
    public const string AggressiveInlining =
        "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
}
