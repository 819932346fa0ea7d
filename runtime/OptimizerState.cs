using System;

#if UNROLLED_GENERATOR
// The generator compiles this file too (one definition for both): in its own namespace, so a
// project that sees both assemblies never finds two types of one name.
namespace Unrolled.Generator.Model;
#else
namespace Unrolled;
#endif

/// <summary>
/// How many numbers each optimizer keeps beside the parameters, in the order a saved file holds
/// them. Shared with the generator as a linked file, so the generated state and the file format
/// count the same numbers.
/// </summary>
internal static class OptimizerState
{
    /// <summary>
    /// None for SGD; one velocity per parameter for Momentum; for Adam its two bias corrections,
    /// then m and v per parameter; for Rprop each parameter's step size, then its previous gradient.
    /// </summary>
    public static long Count(Optimizer optimizer, long parameterCount) => optimizer switch
    {
        Optimizer.Sgd => 0,
        Optimizer.Momentum => parameterCount,
        Optimizer.Adam => 2 + (2 * parameterCount),
        Optimizer.Rprop => 2 * parameterCount,
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer), optimizer, "Not an Unrolled optimizer."),
    };
}
