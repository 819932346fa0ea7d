using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// The formulas of the hidden deltas and the optimizer step (the loss's are <see cref="LossCode"/>'s), as the comments print them. The
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

    /// <summary>How one parameter w with gradient g moves: the optimizer's step in the body's symbols.</summary>
    public static string OptimizerStep(Optimizer optimizer) => string.Join(",  ", OptimizerSteps(optimizer));

    /// <summary>The assignments of <see cref="OptimizerStep"/>, one per element, in the order the code runs them.</summary>
    public static string[] OptimizerSteps(Optimizer optimizer) => optimizer switch
    {
        Optimizer.Momentum => ["v = Momentum * v + g", "w -= learningRate * v"],
        Optimizer.Adam =>
        [
            "m = Beta1 * m + (1 - Beta1) * g",
            "v = Beta2 * v + (1 - Beta2) * g^2",
            "w -= stepSize * m / (sqrt(v * secondMomentScale) + Epsilon)",
        ],
        Optimizer.Sgd => ["w -= learningRate * g"],
        Optimizer.Rprop => RpropCode.Steps,
        _ => throw new System.ArgumentOutOfRangeException(nameof(optimizer), optimizer, "Unknown optimizer."),
    };
}
