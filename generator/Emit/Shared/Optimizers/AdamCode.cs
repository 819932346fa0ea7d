using System.Collections.Generic;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// Adam: each parameter keeps m, a running mean of its gradients, and v, one of their squares; the
/// network keeps 1 - Beta1^t and 1 - Beta2^t after t steps, for the bias correction.
/// </summary>
internal sealed class AdamCode : OptimizerCode
{
    public static AdamCode Instance { get; } = new();

    public override string Name => "Adam";

    public override string[] Steps =>
    [
        "m = Beta1 * m + (1 - Beta1) * g",
        "v = Beta2 * v + (1 - Beta2) * g^2",
        "w -= stepSize * m / (sqrt(v * secondMomentScale) + Epsilon)",
    ];

    public override string[] HeaderIntroduction(NetworkOptions options, NumberType number) =>
    [
        $"Adam (Beta1 = {number.Literal(options.Beta1)}, Beta2 = {number.Literal(options.Beta2)}, Epsilon = {number.Literal(options.Epsilon)}). Every weight or bias w",
        "with gradient g keeps m and v, both 0 at first; at step t, with stepSize =",
        "learningRate / (1 - Beta1^t) and secondMomentScale = 1 / (1 - Beta2^t):",
    ];

    public override IReadOnlyList<OptimizerStateSlot> State { get; } =
    [
        new(GeneratedNames.FirstState, "firstMoment", "_m_spare", "m", "mm", Checked: false),
        new(GeneratedNames.SecondState, "secondMoment", "_v_spare", "v", "vv", Checked: true),
    ];

    public override string[] ArraysComment =>
        ["m and v of every parameter, laid out like the parameters, and a step's new ones, swapped in once every new value is finite."];

    public override string[] ConstantNames => [GeneratedNames.Beta1Constant, GeneratedNames.Beta2Constant, GeneratedNames.EpsilonConstant];

    /// <summary>Adam's hyper-parameters as constants, and its two bias-correction fields.</summary>
    public override void WriteConstants(SourceWriter writer, NetworkOptions options, NumberType number)
    {
        writer.WriteComment("Adam: each parameter keeps m, a running mean of its gradients, and v, one of their squares.");
        WriteConstant(writer, number, GeneratedNames.Beta1Constant, options.Beta1);
        WriteConstant(writer, number, GeneratedNames.Beta2Constant, options.Beta2);
        WriteConstant(writer, number, GeneratedNames.EpsilonConstant, options.Epsilon);
        writer.WriteComment("1 - Beta1^t and 1 - Beta2^t after t steps: both start at 0, like every field of a new network.");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private {number.Name} {GeneratedNames.Beta1Correction}, {GeneratedNames.Beta2Correction};");
    }

    public override void WriteReset(SourceWriter writer, NumberType number)
    {
        writer.WriteLine($"{GeneratedNames.Beta1Correction} = {number.Zero};");
        writer.WriteLine($"{GeneratedNames.Beta2Correction} = {number.Zero};");
    }

    public override string[] StepFields => [GeneratedNames.Beta1Correction, GeneratedNames.Beta2Correction];

    // The bias correction for this step t: m / (1 - Beta1^t) and v / (1 - Beta2^t), with both factors
    // worked out once per step rather than once per parameter, into locals: the step counts only once
    // the guard has passed it.
    public override void WriteStepPrelude(SourceWriter writer, NumberType number)
    {
        string beta1 = NewValue(GeneratedNames.Beta1Correction);
        string beta2 = NewValue(GeneratedNames.Beta2Correction);
        writer.WriteLine();
        writer.WriteComment("Adam's step t: 1 - Beta^t = 1 - Beta * (1 - (1 - Beta^(t-1))); then the bias-corrected step size and scale of v.");
        writer.WriteLine($"{number.Name} {beta1} = {NextCorrection(number, GeneratedNames.Beta1Constant, GeneratedNames.Beta1Correction)};");
        writer.WriteLine($"{number.Name} {beta2} = {NextCorrection(number, GeneratedNames.Beta2Constant, GeneratedNames.Beta2Correction)};");
        writer.WriteLine($"{number.Name} stepSize = learningRate / {beta1};");
        writer.WriteLine($"{number.Name} secondMomentScale = {number.One} / {beta2};");
    }

    public override void WriteStepFieldsStore(SourceWriter writer, NumberType number)
    {
        writer.WriteComment("Adam's step t counts now that it is taken: the same 1 - Beta^t as the update used.");
        writer.WriteLine($"{GeneratedNames.Beta1Correction} = {NextCorrection(number, GeneratedNames.Beta1Constant, GeneratedNames.Beta1Correction)};");
        writer.WriteLine($"{GeneratedNames.Beta2Correction} = {NextCorrection(number, GeneratedNames.Beta2Constant, GeneratedNames.Beta2Correction)};");
    }

    // The prelude's bias-corrected step size and scale of v, in place of the learning rate.
    public override string[] StepScalars => ["stepSize", "secondMomentScale"];

    public override void WriteScalar(SourceWriter writer, NumberType number, StepNames names)
    {
        string type = number.Name;
        string one = number.One;
        string g = names.Gradient;
        string m = names.NewState[0];
        string v = names.NewState[1];
        writer.WriteLine($"{type} {m} = {GeneratedNames.Beta1Constant} * {names.State[0]} + ({one} - {GeneratedNames.Beta1Constant}) * {g};");
        writer.WriteLine($"{type} {v} = {GeneratedNames.Beta2Constant} * {names.State[1]} + ({one} - {GeneratedNames.Beta2Constant}) * ({g} * {g});");
        WriteWrapped(
            writer,
            $"{type} {names.NewW} = {names.W}",
            $"- stepSize * {m} / ({number.Math}.Sqrt({v} * secondMomentScale) + {GeneratedNames.EpsilonConstant});");
    }

    public override void WriteVector(SourceWriter writer, NumberType number, string vector, VectorNames names)
    {
        string one = number.One;
        writer.WriteLine($"{vector} g = {names.Gradient};");
        writer.WriteLine($"{vector} mm = {names.State[0]} * {GeneratedNames.Beta1Constant} + g * ({one} - {GeneratedNames.Beta1Constant});");
        writer.WriteLine($"{vector} vv = {names.State[1]} * {GeneratedNames.Beta2Constant} + g * g * ({one} - {GeneratedNames.Beta2Constant});");
        // Vector512 (the blocked layout's first pass where the hardware has it) names the square root Sqrt.
        bool wide = vector.StartsWith(Vector512Class + "<", System.StringComparison.Ordinal);
        string squareRoot = wide ? Vector512Class + ".Sqrt" : "global::System.Numerics.Vector.SquareRoot";
        string epsilon = wide ? $"{Vector512Class}.Create({GeneratedNames.EpsilonConstant})" : $"new {vector}({GeneratedNames.EpsilonConstant})";
        if (wide)
        {
            WriteReciprocalStep(writer, vector, names.W, epsilon);
            return;
        }

        writer.WriteLine($"{vector} ww = {names.W} - mm * stepSize / ({squareRoot}(vv * secondMomentScale) + {epsilon});");
    }

    // 512-bit vectors (the blocked layout runs them first for doubles): the square root and the division share the
    // divider, the loop's bottleneck (the digits epoch: 468 -> 448 us without the division). Vector512 runs first
    // only where it is accelerated, so where Avx512F is there.
    private static void WriteReciprocalStep(SourceWriter writer, string vector, string w, string epsilon)
    {
        writer.WriteComment("d = sqrt(v * secondMomentScale) + Epsilon, never below Epsilon > 0; then 1 / d without the divider, " +
            "which the square root keeps busy: AVX-512's estimate within 2^-14 of it, and two Newton steps r += r * (1 - d * r), " +
            "each squaring the relative error: within a few units in the last place of the quotient. An infinite or NaN v " +
            "makes r NaN, as it made the quotient: the step is refused either way.");
        writer.WriteLine($"{vector} denominator = {Vector512Class}.Sqrt(vv * secondMomentScale) + {epsilon};");
        writer.WriteLine($"{vector} reciprocal = {Avx512F}.Reciprocal14(denominator);");
        writer.WriteLine($"reciprocal = {Avx512F}.FusedMultiplyAdd(reciprocal, {Avx512F}.FusedMultiplyAddNegated(denominator, reciprocal, {vector}.One), reciprocal);");
        writer.WriteLine($"reciprocal = {Avx512F}.FusedMultiplyAdd(reciprocal, {Avx512F}.FusedMultiplyAddNegated(denominator, reciprocal, {vector}.One), reciprocal);");
        writer.WriteLine($"{vector} ww = {w} - mm * stepSize * reciprocal;");
    }

    private const string Avx512F = "global::System.Runtime.Intrinsics.X86.Avx512F";

    private const string Vector512Class = "global::System.Runtime.Intrinsics.Vector512";

    // 1 - Beta^t from the field's 1 - Beta^(t-1). One expression for the step's locals and for the
    // blocked layout's store after its swap, which cannot see those locals: the two must agree bit for bit.
    private static string NextCorrection(NumberType number, string beta, string correction) =>
        $"{number.One} - {beta} * ({number.One} - {correction})";
}
