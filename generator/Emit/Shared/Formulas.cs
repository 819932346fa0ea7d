using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// The formulas of the loss, the deltas and the optimizer step, as the comments print them. The
/// header and the comments in the body take them from here, so the two can never disagree.
/// </summary>
internal static class Formulas
{
    /// <summary>The loss of one sample, E = ...</summary>
    public static string Loss(NetworkShape shape) => "E = " + LossExpression(shape);

    /// <summary>The right-hand side of <see cref="Loss"/>, as the XML docs of Train show it.</summary>
    public static string LossExpression(NetworkShape shape) => shape.Options.Loss switch
    {
        Model.Loss.SquaredError => "0.5 * sum_k (o_k - t_k)^2",
        Model.Loss.CrossEntropy => shape.OutputActivation == Activation.Softmax
            ? "-sum_k t_k ln o_k"
            : "-sum_k (t_k ln o_k + (1 - t_k) ln(1 - o_k))",
        _ => throw UnknownLoss(shape),
    };

    /// <summary>The loss's name: "squared error", "cross-entropy".</summary>
    public static string LossName(NetworkShape shape) => shape.Options.Loss switch
    {
        Model.Loss.SquaredError => "squared error",
        Model.Loss.CrossEntropy => "cross-entropy",
        _ => throw UnknownLoss(shape),
    };

    /// <summary>The right-hand side of d{L}_k = dE/dz{L}_k = ..., as the code computes it.</summary>
    public static string OutputDelta(NetworkShape shape)
    {
        Activation output = shape.OutputActivation;
        switch (shape.Options.Loss)
        {
            case Model.Loss.SquaredError:
                return output == Activation.Linear
                    ? "o_k - t_k"
                    : "(o_k - t_k) * " + ActivationCode.DerivativeFormula(output, "o_k");
            case Model.Loss.CrossEntropy:
                // The exact gradient of softmax with cross-entropy is o_k * sum_j t_j - t_k, which is
                // o_k - t_k only for targets that add up to 1; a logistic output's derivative cancels.
                return output == Activation.Softmax ? "o_k * (sum_j t_j) - t_k" : "o_k - t_k";
            default:
                throw UnknownLoss(shape);
        }
    }

    private static System.ArgumentOutOfRangeException UnknownLoss(NetworkShape shape) =>
        new(nameof(shape), shape.Options.Loss, "No formula for this loss.");

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
