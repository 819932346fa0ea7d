using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// What a loss means, in one place: its formula text (for the header, the XML docs and the comments)
/// and its code (one output's term of the loss and one output's delta d_k = dE/dz_k), for scalar code,
/// vector code (<see cref="Lanes"/>) and the blocked layout's indexed spans alike. Every layout writes
/// its own loops and asks the loss for each piece, so a new loss is a new subclass here and its line
/// in <see cref="For"/>.
/// </summary>
/// <remarks>
/// The pairing of cross-entropy with the output's activation decides the formulas: with softmax the
/// loss is the categorical one, with a logistic output the binary one, written in z so that it stays
/// finite when o_k reaches 0 or 1.
/// </remarks>
internal abstract class LossCode
{
    /// <summary>The loss of a network, with the output activation it is paired with.</summary>
    public static LossCode For(NetworkShape shape) => shape.Options.Loss switch
    {
        Loss.SquaredError => new SquaredErrorCode(shape.OutputActivation),
        Loss.CrossEntropy => shape.OutputActivation == Activation.Softmax ? new SoftmaxCrossEntropyCode() : new LogisticCrossEntropyCode(shape.OutputActivation),
        _ => throw new System.ArgumentOutOfRangeException(nameof(shape), shape.Options.Loss, "No code for this loss."),
    };

    /// <summary>The loss's name in the comments: "squared error", "cross-entropy".</summary>
    public abstract string Name { get; }

    /// <summary>The right-hand side of E = ..., the loss of one sample, as the XML docs of Train show it.</summary>
    public abstract string Expression { get; }

    /// <summary>The loss of one sample, E = ...</summary>
    public string Formula => "E = " + Expression;

    /// <summary>The right-hand side of d{L}_k = dE/dz{L}_k = ..., as the code computes it.</summary>
    public abstract string OutputDeltaFormula { get; }

    /// <summary>The straight-line comment above the errors and the loss: the error, the loss and how the code writes it.</summary>
    public abstract string ErrorAndLossComment { get; }

    /// <summary>What follows the output delta's formula in the straight-line comment: why it is so simple, or nothing.</summary>
    public abstract string OutputDeltaNote { get; }

    /// <summary>The loss as the blocked layout's comment states it before the delta: "error e_k = ..., loss E = ...".</summary>
    public abstract string LoopComment { get; }

    /// <summary>A second comment line for the blocked layout, or null.</summary>
    public virtual string? LoopNote => null;

    /// <summary>Reads each target twice, so the straight-line code reads it once into a local.</summary>
    public abstract bool ReadsTargetsTwice { get; }

    /// <summary>
    /// Needs the softmax's normaliser in the log domain (max m and logSum = ln(sum_j exp(z_j - m))) and
    /// the sum of the targets: the layout works them out before the loop over the outputs.
    /// </summary>
    public virtual bool NeedsSoftmaxNormaliser => false;

    /// <summary>Reads z_k, the output's pre-activation (the layout reads it into a local once).</summary>
    public virtual bool ReadsZ => false;

    /// <summary>The local the blocked layout adds the terms into.</summary>
    public abstract string Accumulator { get; }

    /// <summary>One output's term of the loss, ready to be joined to others with " + ".</summary>
    public abstract string Term(Lanes lanes, OutputValues values);

    /// <summary>The loss from the sum of the terms.</summary>
    public abstract string Total(Lanes lanes, string sum);

    /// <summary>One output's delta d_k = dE/dz_k.</summary>
    public abstract string Delta(Lanes lanes, OutputValues values);

    /// <summary>The names under which a layout's code holds one output's values.</summary>
    /// <param name="Output">o_k.</param>
    /// <param name="Target">t_k.</param>
    /// <param name="Error">e_k = o_k - t_k, already a local.</param>
    /// <param name="Z">z_k, when the loss reads it (cross-entropy).</param>
    /// <param name="KeptZ">z_k when the layout keeps it for the output activation's derivative, else null.</param>
    /// <param name="Max">The softmax's max m.</param>
    /// <param name="LogSum">ln(sum_j exp(z_j - m)).</param>
    /// <param name="TargetSum">sum_j t_j.</param>
    public readonly record struct OutputValues(
        string Output, string Target, string Error, string Z, string? KeptZ, string Max = "m", string LogSum = "logSum", string TargetSum = "targetSum");

    /// <summary>E = 0.5 * sum_k (o_k - t_k)^2, with d_k = e_k * f'(o_k).</summary>
    private sealed class SquaredErrorCode(Activation output) : LossCode
    {
        public override string Name => "squared error";

        public override string Expression => "0.5 * sum_k (o_k - t_k)^2";

        public override string OutputDeltaFormula => output == Activation.Linear
            ? "o_k - t_k"
            : "(o_k - t_k) * " + ActivationCode.DerivativeFormula(output, "o_k");

        public override string ErrorAndLossComment => "Error e_k = o_k - t_k and loss E = 0.5 * sum_k e_k^2 of this sample.";

        public override string OutputDeltaNote => string.Empty;

        public override string LoopComment => "error e_k = o_k - t_k, loss E = 0.5 * sum_k e_k^2";

        public override bool ReadsTargetsTwice => false;

        public override string Accumulator => "squares";

        public override string Term(Lanes lanes, OutputValues values) => $"{values.Error} * {values.Error}";

        // A single name needs no brackets: 0.5 * squares.
        public override string Total(Lanes lanes, string sum) => IsName(sum)
            ? (lanes.IsVector ? $"{sum} * {lanes.Number.Half}" : $"{lanes.Number.Half} * {sum}")
            : lanes.Half(sum);

        public override string Delta(Lanes lanes, OutputValues values)
        {
            string? derivative = ActivationCode.Derivative(output, lanes, values.Output, values.KeptZ);
            return derivative is null ? values.Error : values.Error + " * " + derivative;
        }

        private static bool IsName(string text)
        {
            foreach (char c in text)
            {
                if (!char.IsLetterOrDigit(c) && c != '_')
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>E = -sum_k t_k ln o_k after a softmax, with ln o_k = z_k - m - ln(sum), and d_k = o_k * sum_j t_j - t_k.</summary>
    private sealed class SoftmaxCrossEntropyCode : LossCode
    {
        public override string Name => "cross-entropy";

        public override string Expression => "-sum_k t_k ln o_k";

        // The exact gradient of softmax with cross-entropy is o_k * sum_j t_j - t_k, which is o_k - t_k
        // only for targets that add up to 1: soft or unnormalised targets train correctly too.
        public override string OutputDeltaFormula => "o_k * (sum_j t_j) - t_k";

        // The softmax's delta reads o_k and t_k, so no error e_k is computed for it.
        public override string ErrorAndLossComment =>
            "Cross-entropy E = -sum_k t_k ln o_k, with ln o_k = z_k - m - ln(sum) from the softmax.";

        public override string OutputDeltaNote => ": o_k - t_k when the targets add up to 1";

        public override string LoopComment => "cross-entropy E = -sum_k t_k ln o_k, with ln o_k = z_k - m - ln(sum_j exp(z_j - m))";

        public override string? LoopNote => "The exact delta is o_k * sum_j t_j - t_k: o_k - t_k when the targets add up to 1.";

        public override bool ReadsTargetsTwice => true;

        public override bool NeedsSoftmaxNormaliser => true;

        public override bool ReadsZ => true;

        public override string Accumulator => "loss";

        public override string Term(Lanes lanes, OutputValues values) =>
            lanes.Times(values.Target, $"({values.Max} + {values.LogSum} - {values.Z})");

        public override string Total(Lanes lanes, string sum) => sum;

        public override string Delta(Lanes lanes, OutputValues values) => $"{values.Output} * {values.TargetSum} - {values.Target}";
    }

    /// <summary>
    /// E = -sum_k (t_k ln o_k + (1 - t_k) ln(1 - o_k)) after a logistic output, written in z as
    /// max(z, 0) - z t + ln(1 + exp(-|z|)); the sigmoid's derivative cancels: d_k = o_k - t_k.
    /// </summary>
    private sealed class LogisticCrossEntropyCode(Activation output) : LossCode
    {
        public override string Name => "cross-entropy";

        public override string Expression => "-sum_k (t_k ln o_k + (1 - t_k) ln(1 - o_k))";

        public override string OutputDeltaFormula => "o_k - t_k";

        public override string ErrorAndLossComment =>
            "Error e_k = o_k - t_k and cross-entropy E = -sum_k (t_k ln o_k + (1 - t_k) ln(1 - o_k)), " +
            "written in z as max(z, 0) - z t + ln(1 + exp(-|z|)) so it stays finite when o_k reaches 0 or 1.";

        public override string OutputDeltaNote => $": the {ActivationCode.Name(output)}'s derivative cancels against the cross-entropy's";

        public override string LoopComment =>
            "cross-entropy E = -sum_k (t_k ln o_k + (1 - t_k) ln(1 - o_k)), from z as max(z, 0) - z t + ln(1 + exp(-|z|))";

        public override bool ReadsTargetsTwice => true;

        public override bool ReadsZ => true;

        public override string Accumulator => "loss";

        public override string Term(Lanes lanes, OutputValues values)
        {
            string z = values.Z;
            string softplus = lanes.Call("Log", $"{lanes.One} + {lanes.Exp}(-{lanes.Call("Abs", z)})");
            return $"({lanes.Call("Max", z, lanes.Zero)} - {lanes.Times(z, values.Target)} + {softplus})";
        }

        public override string Total(Lanes lanes, string sum) => sum;

        public override string Delta(Lanes lanes, OutputValues values) => values.Error;
    }
}
