using System.Linq;
using Microsoft.CodeAnalysis;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// What the compilation's framework offers, asked of its types and members rather than of target
/// framework names: Unity's .NET Standard 2.1 profile, or a package bringing Unsafe, answer correctly.
/// </summary>
internal static class CompilationApis
{
    /// <summary>Every API the blocked layout's ref locals use; .NET 7 and later have them all.</summary>
    public static bool HasRefAccess(Compilation compilation) =>
        HasMember(compilation, "System.Runtime.InteropServices.MemoryMarshal", "GetArrayDataReference")
        && HasMember(compilation, "System.Runtime.CompilerServices.Unsafe", "Add")
        && HasMember(compilation, "System.Numerics.Vector", "LoadUnsafe")
        && HasMember(compilation, "System.Numerics.Vector", "StoreUnsafe")
        && HasMember(compilation, "System.Numerics.Vector", "Sum");

    /// <summary>System.Numerics.Vector.Exp, which .NET 9 added.</summary>
    public static bool HasNumericsVectorExp(Compilation compilation) =>
        HasMember(compilation, "System.Numerics.Vector", "Exp");

    /// <summary>MethodImplOptions.AggressiveOptimization (.NET Core 3.0 and later; not in .NET Standard 2.1).</summary>
    public static bool HasAggressiveOptimization(Compilation compilation) =>
        compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.MethodImplOptions") is { } options
        && options.GetMembers("AggressiveOptimization").Any();

    private static bool HasMember(Compilation compilation, string typeName, string member) =>
        compilation.GetTypeByMetadataName(typeName) is { } type
        && type.GetMembers(member).Any(m => m.DeclaredAccessibility == Accessibility.Public)
        && compilation.IsSymbolAccessibleWithin(type, compilation.Assembly);
}
