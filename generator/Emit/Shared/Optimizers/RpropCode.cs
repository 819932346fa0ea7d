using System.Collections.Generic;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// The code of iRPROP− (Igel and Hüsken, 2000), <see cref="Optimizer.Rprop"/>: one parameter's step
/// in scalar code (the straight-line layout, and the blocked layout's tails and biases) and in vector
/// code (the blocked layout's rows). Both are written here, next to each other, so that they round
/// alike operation for operation: every layout and every path of a network takes the same steps.
/// </summary>
/// <remarks>
/// The rule, per parameter w with gradient g, step size step and last gradient gPrev (both 0 at first):
/// a step size of 0 starts at learningRate; if g * gPrev &gt; 0 the step size grows by Increase (to at
/// most MaxStep), if it is &lt; 0 it shrinks by Decrease and gPrev forgets g, so that the parameter
/// does not move now and the next step neither grows nor shrinks; the parameter moves by the step
/// size against the sign of the gradient it keeps. FANN's constants: 1.2, 0.5 and 50 (its minimum
/// step size, 0, needs no code: halving a positive step size never goes below 0).
/// </remarks>
internal sealed class RpropCode : OptimizerCode
{
    public static RpropCode Instance { get; } = new();

    public const double Increase = 1.2;
    public const double Decrease = 0.5;
    public const double MaxStep = 50;

    public override string Name => "iRPROP-";

    /// <summary>The rule's assignments, in the symbols of the comments, in the order the code runs them.</summary>
    public override string[] Steps { get; } =
    [
        "step = (step == 0 ? learningRate : step)",
        "sameSign = g * gPrev",
        "step = sameSign > 0 ? min(step * Increase, MaxStep) : sameSign < 0 ? step * Decrease : step",
        "gPrev = sameSign < 0 ? 0 : g",
        "w -= sign(gPrev) * step",
    ];

    public override string[] HeaderIntroduction(NetworkOptions options, NumberType number) =>
    [
        $"iRPROP- (Increase = {number.Literal(Increase)}, Decrease = {number.Literal(Decrease)}, MaxStep = {number.Literal(MaxStep)}, FANN's). Every weight",
        "or bias w with gradient g keeps a step size step and its last gradient gPrev, both 0",
        "at first (so learningRate is the first step size); at every step:",
    ];

    /// <summary>Its step size (in the blocked layout's slot m) and its last gradient (in slot v).</summary>
    public override IReadOnlyList<OptimizerStateSlot> State { get; } =
    [
        new(GeneratedNames.StepSize, "stepSizes", "_step_spare", "m", "ss", Checked: false),
        // The new step size is finite by construction: learningRate (checked) or the last one, grown to
        // at most MaxStep or halved. A gradient that is not finite stays in gPrev, so that is checked.
        new(GeneratedNames.PreviousGradient, "previousGradients", "_gPrev_spare", "v", "pp", Checked: true),
    ];

    public override string? FieldsComment =>
        "Each parameter's step size and last gradient: both 0 at first, and a step size of 0 starts at learningRate.";

    public override string[] ArraysComment =>
    [
        "The step size and last gradient of every parameter, laid out like the parameters, both 0 at first (a step size",
        "of 0 starts at learningRate), and a step's new ones, swapped in once every new value is finite.",
    ];

    public override string[] ConstantNames =>
        [GeneratedNames.RpropIncreaseConstant, GeneratedNames.RpropDecreaseConstant, GeneratedNames.RpropMaxStepConstant];

    /// <summary>The three constants, as private constants of the network.</summary>
    public override void WriteConstants(SourceWriter writer, NetworkOptions options, NumberType number)
    {
        writer.WriteComment("iRPROP-, with FANN's constants: each parameter keeps a step size, which grows by Increase while its");
        writer.WriteComment("gradient keeps its sign (up to MaxStep) and shrinks by Decrease when the sign changes, and its last gradient.");
        WriteConstant(writer, number, GeneratedNames.RpropIncreaseConstant, Increase);
        WriteConstant(writer, number, GeneratedNames.RpropDecreaseConstant, Decrease);
        WriteConstant(writer, number, GeneratedNames.RpropMaxStepConstant, MaxStep);
    }

    /// <summary>Declares the locals sameSign (named by <see cref="StepNames.Scratch"/>), the new step size, the new last gradient and the new parameter.</summary>
    public override void WriteScalar(SourceWriter writer, NumberType number, StepNames names)
    {
        string type = number.Name;
        string zero = number.Zero;
        string step = names.NewState[0];
        string sameSign = names.Scratch;
        writer.WriteLine($"{type} {step} = {names.State[0]} == {zero} ? learningRate : {names.State[0]};");
        writer.WriteLine($"{type} {sameSign} = {names.Gradient} * {names.State[1]};");
        WriteWrapped(
            writer,
            $"{step} = {sameSign} > {zero}",
            $"? {number.Math}.Min({step} * {GeneratedNames.RpropIncreaseConstant}, {GeneratedNames.RpropMaxStepConstant})",
            $": {sameSign} < {zero} ? {step} * {GeneratedNames.RpropDecreaseConstant} : {step};");
        writer.WriteLine($"{type} {names.NewState[1]} = {sameSign} < {zero} ? {zero} : {names.Gradient};");
        string gPrev = names.NewState[1];
        WriteWrapped(
            writer,
            $"{type} {names.NewW} = {names.W}",
            $"- ({gPrev} > {zero} ? {step} : {gPrev} < {zero} ? -{step} : {zero});");
    }

    /// <summary>The vectors the blocked layout's vector steps share, declared once per method: the first step size and MaxStep.</summary>
    public override void WriteVectorPrelude(SourceWriter writer, string vector)
    {
        writer.WriteLine($"{vector} firstStep = new {vector}(learningRate);");
        writer.WriteLine($"{vector} maxStep = new {vector}({GeneratedNames.RpropMaxStepConstant});");
    }

    /// <summary>
    /// One vector of parameters: declares the vectors g (the gradient), ss (new step sizes), pp (new last
    /// gradients) and ww (new parameters). The same operations as <see cref="WriteScalar"/>, as selects.
    /// </summary>
    public override void WriteVector(SourceWriter writer, NumberType number, string vector, VectorNames names)
    {
        string w = names.W;
        string step = names.State[0];
        string gPrev = names.State[1];
        writer.WriteLine($"{vector} g = {names.Gradient};");
        const string Select = "global::System.Numerics.Vector.ConditionalSelect";
        const string Vector = "global::System.Numerics.Vector";
        string zero = vector + ".Zero";
        writer.WriteLine($"{vector} ss = {step};");
        writer.WriteLine($"ss = {Select}({Vector}.Equals(ss, {zero}), firstStep, ss);");
        writer.WriteLine($"{vector} sameSign = g * {gPrev};");
        writer.WriteLine($"{vector} grown = {Vector}.Min(ss * {GeneratedNames.RpropIncreaseConstant}, maxStep);");
        writer.WriteLine($"{vector} shrunk = ss * {GeneratedNames.RpropDecreaseConstant};");
        writer.WriteLine($"ss = {Select}({Vector}.GreaterThan(sameSign, {zero}), grown, {Select}({Vector}.LessThan(sameSign, {zero}), shrunk, ss));");
        writer.WriteLine($"{vector} pp = {Select}({Vector}.LessThan(sameSign, {zero}), {zero}, g);");
        writer.WriteLine($"{vector} move = {Select}({Vector}.GreaterThan(pp, {zero}), ss, {zero}) - {Select}({Vector}.LessThan(pp, {zero}), ss, {zero});");
        writer.WriteLine($"{vector} ww = {w} - move;");
    }
}
