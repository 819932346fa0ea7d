namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// The attribute of the methods a training or a prediction spends its time in. By default .NET first
/// compiles a method without optimisation (Tier0) and recompiles it optimised only after some thirty
/// calls and a pause in new compiles, so a short training ran its first epochs many times slower than
/// later ones. AggressiveOptimization compiles these methods fully optimised at their first call, as
/// the runtime's batch kernels are; the price is the JIT's dynamic profile, which straight-line code
/// and static calls to the kernels gain little from.
/// </summary>
internal static class HotMethod
{
    public const string Attribute =
        "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

    /// <summary>The attribute, where the compilation's framework has the option (not .NET Standard 2.1).</summary>
    public static void Write(SourceWriter writer, EmitContext context)
    {
        if (context.Spec.HasAggressiveOptimization)
        {
            writer.WriteLine(Attribute);
        }
    }
}
