#if UNROLLED_GENERATOR
// The generator compiles this file too (one definition for both): in its own namespace, so a
// project that sees both assemblies never finds two types of one name.
namespace Unrolled.Generator.Model;
#else
namespace Unrolled;
#endif

/// <summary>The floating-point type a generated network computes in.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "Each member is named after the .NET type it selects; that is the point of the enum.")]
public enum Precision
{
    /// <summary>
    /// <see cref="double"/> (float64) everywhere: the default, and what <see cref="INetwork"/> describes.
    /// </summary>
    Double = 0,

    /// <summary>
    /// <see cref="float"/> (float32) everywhere, with <see cref="System.MathF"/> and twice as many
    /// numbers per SIMD vector: half the memory and up to twice the batch throughput, with about
    /// seven significant digits instead of sixteen. Such a network implements <see cref="ISingleNetwork"/>.
    /// </summary>
    Single = 1,
}
