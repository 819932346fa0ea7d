#if UNROLLED_GENERATOR
// The generator compiles this file too (one definition for both): in its own namespace, so a
// project that sees both assemblies never finds two types of one name.
namespace Unrolled.Generator.Model;
#else
namespace Unrolled;
#endif

/// <summary>What training minimises for one sample with outputs o and targets t.</summary>
public enum Loss
{
    /// <summary><c>E = 0.5 * sum_k (o_k - t_k)^2</c>; output delta <c>(o_k - t_k) * f'(o_k)</c>.</summary>
    SquaredError = 0,

    /// <summary>
    /// With a <see cref="Activation.Sigmoid"/> output, the binary form
    /// <c>E = -sum_k (t_k ln o_k + (1 - t_k) ln(1 - o_k))</c>; with <see cref="Activation.Softmax"/>, the
    /// categorical form <c>E = -sum_k t_k ln o_k</c>. Either way the output delta simplifies to
    /// <c>o_k - t_k</c>. The loss is computed from z, so it stays finite when an output saturates.
    /// </summary>
    CrossEntropy = 1,
}
