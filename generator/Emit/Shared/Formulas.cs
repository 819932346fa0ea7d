using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// The formulas of the hidden deltas (the loss's are <see cref="LossCode"/>'s, the optimizer's <see cref="OptimizerCode"/>'s), as the comments print them. The
/// header and the comments in the body take them from here, so the two can never disagree.
/// </summary>
internal static class Formulas
{
    /// <summary>The right-hand side of d{l}_j = ..., the delta of hidden neuron j of <paramref name="layer"/>.</summary>
    /// <param name="layer">"1", or "l" for the general formula.</param>
    /// <param name="above">"2", or "l+1".</param>
    public static string HiddenDelta(Activation hidden, string layer, string above)
    {
        string sum = $"(sum_k W{above}[k, j] * d{above}_k)";
        return hidden == Activation.Linear ? sum : sum + " * " + ActivationCode.DerivativeFormula(hidden, $"a{layer}_j");
    }
}
