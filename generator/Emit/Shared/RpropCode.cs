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
internal static class RpropCode
{
    public const double Increase = 1.2;
    public const double Decrease = 0.5;
    public const double MaxStep = 50;

    /// <summary>The rule's assignments, in the symbols of the comments, in the order the code runs them.</summary>
    public static string[] Steps { get; } =
    [
        "step = (step == 0 ? learningRate : step)",
        "sameSign = g * gPrev",
        "step = sameSign > 0 ? min(step * Increase, MaxStep) : sameSign < 0 ? step * Decrease : step",
        "gPrev = sameSign < 0 ? 0 : g",
        "w -= sign(gPrev) * step",
    ];

    /// <summary>One parameter's values in a scalar step: what it reads and the locals it declares.</summary>
    /// <param name="Gradient">g, already a local or an element.</param>
    /// <param name="W">The parameter now.</param>
    /// <param name="Step">Its step size now.</param>
    /// <param name="PreviousGradient">Its last gradient now.</param>
    /// <param name="SameSign">The local for g * gPrev.</param>
    /// <param name="NewW">The local for the parameter's new value.</param>
    /// <param name="NewStep">The local for its new step size.</param>
    /// <param name="NewPreviousGradient">The local for its new last gradient.</param>
    public readonly record struct ScalarNames(
        string Gradient, string W, string Step, string PreviousGradient, string SameSign, string NewW, string NewStep, string NewPreviousGradient);

    /// <summary>The three constants, as private constants of the network.</summary>
    public static void WriteConstants(SourceWriter writer, NumberType number)
    {
        writer.WriteComment("iRPROP-, with FANN's constants: each parameter keeps a step size, which grows by Increase while its");
        writer.WriteComment("gradient keeps its sign (up to MaxStep) and shrinks by Decrease when the sign changes, and its last gradient.");
        StraightLine.UpdateWriter.WriteConstant(writer, number, GeneratedNames.RpropIncreaseConstant, Increase);
        StraightLine.UpdateWriter.WriteConstant(writer, number, GeneratedNames.RpropDecreaseConstant, Decrease);
        StraightLine.UpdateWriter.WriteConstant(writer, number, GeneratedNames.RpropMaxStepConstant, MaxStep);
    }

    /// <summary>
    /// Declares the locals <see cref="ScalarNames.SameSign"/>, <see cref="ScalarNames.NewStep"/>,
    /// <see cref="ScalarNames.NewPreviousGradient"/> and <see cref="ScalarNames.NewW"/> of one step.
    /// </summary>
    public static void WriteScalar(SourceWriter writer, NumberType number, ScalarNames names)
    {
        string type = number.Name;
        string zero = number.Zero;
        string step = names.NewStep;
        string sameSign = names.SameSign;
        writer.WriteLine($"{type} {step} = {names.Step} == {zero} ? learningRate : {names.Step};");
        writer.WriteLine($"{type} {sameSign} = {names.Gradient} * {names.PreviousGradient};");
        WriteWrapped(
            writer,
            $"{step} = {sameSign} > {zero}",
            $"? {number.Math}.Min({step} * {GeneratedNames.RpropIncreaseConstant}, {GeneratedNames.RpropMaxStepConstant})",
            $": {sameSign} < {zero} ? {step} * {GeneratedNames.RpropDecreaseConstant} : {step};");
        writer.WriteLine($"{type} {names.NewPreviousGradient} = {sameSign} < {zero} ? {zero} : {names.Gradient};");
        string gPrev = names.NewPreviousGradient;
        WriteWrapped(
            writer,
            $"{type} {names.NewW} = {names.W}",
            $"- ({gPrev} > {zero} ? {step} : {gPrev} < {zero} ? -{step} : {zero});");
    }

    /// <summary>The vectors the blocked layout's vector steps share, declared once per method: the first step size and MaxStep.</summary>
    public static void WriteVectorConstants(SourceWriter writer, string vector)
    {
        writer.WriteLine($"{vector} firstStep = new {vector}(learningRate);");
        writer.WriteLine($"{vector} maxStep = new {vector}({GeneratedNames.RpropMaxStepConstant});");
    }

    /// <summary>
    /// One vector of parameters: declares the vectors ss (new step sizes), pp (new last gradients) and
    /// ww (new parameters) from the gradient vector g, the parameters <paramref name="w"/>, step sizes
    /// <paramref name="step"/> and last gradients <paramref name="gPrev"/> loaded by the caller.
    /// The same operations as <see cref="WriteScalar"/>, as selects.
    /// </summary>
    public static void WriteVector(SourceWriter writer, string vector, string w, string step, string gPrev)
    {
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

    // The statement on one line when it fits, otherwise its first part and the others indented below it.
    private static void WriteWrapped(SourceWriter writer, string first, params string[] rest)
    {
        string whole = first + " " + string.Join(" ", rest);
        if (whole.Length <= writer.Room)
        {
            writer.WriteLine(whole);
            return;
        }

        writer.WriteLine(first);
        foreach (string part in rest)
        {
            writer.WriteLine("    " + part);
        }
    }
}
