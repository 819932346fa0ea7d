using Unrolled.Generator.Model;
using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Emit.StraightLine;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>
/// The optimizers in the blocked layout: their state in arrays laid out like the parameters, and
/// the per-element steps, a vector at a time with a scalar tail. Each step rounds like the
/// straight-line layout's, operation for operation. A step writes its new values into spare
/// arrays and sums w - w of them; only when that sum is finite do the spares become the network's.
/// </summary>
internal static class BlockedOptimizerWriter
{
    private static string Velocity => GeneratedNames.SecondState(GeneratedNames.ParametersArray);

    private static string FirstMoment => GeneratedNames.FirstState(GeneratedNames.ParametersArray);

    private static string SecondMoment => GeneratedNames.SecondState(GeneratedNames.ParametersArray);

    private static string StepSizes => GeneratedNames.StepSize(GeneratedNames.ParametersArray);

    private static string PreviousGradients => GeneratedNames.PreviousGradient(GeneratedNames.ParametersArray);

    // The spares of the state arrays; the parameters' spare is the gradients array.
    private const string SpareSecond = "_v_spare";
    private const string SpareFirst = "_m_spare";
    private const string SpareStepSizes = "_step_spare";
    private const string SparePreviousGradients = "_gPrev_spare";

    public static void WriteState(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        Optimizer optimizer = shape.Options.Optimizer;
        if (optimizer == Optimizer.Sgd)
        {
            return;
        }

        writer.WriteLine();
        switch (optimizer)
        {
            case Optimizer.Momentum:
                writer.WriteComment("Momentum: each parameter keeps a velocity v = Momentum * v + gradient, and moves by learningRate * v; v is laid out like the parameters.");
                UpdateWriter.WriteConstant(writer, number, GeneratedNames.MomentumConstant, shape.Options.Momentum);
                WriteArray(writer, number, Velocity);
                writer.WriteComment("A step's new velocities, swapped with v once every new value is finite.");
                WriteArray(writer, number, SpareSecond);
                break;
            case Optimizer.Adam:
                UpdateWriter.WriteAdamConstants(writer, context);
                writer.WriteComment("m and v of every parameter, laid out like the parameters, and a step's new ones, swapped in once every new value is finite.");
                WriteArray(writer, number, FirstMoment);
                WriteArray(writer, number, SecondMoment);
                WriteArray(writer, number, SpareFirst);
                WriteArray(writer, number, SpareSecond);
                break;
            case Optimizer.Rprop:
                RpropCode.WriteConstants(writer, number);
                writer.WriteComment("The step size and last gradient of every parameter, laid out like the parameters, both 0 at first (a step size");
                writer.WriteComment("of 0 starts at learningRate), and a step's new ones, swapped in once every new value is finite.");
                WriteArray(writer, number, StepSizes);
                WriteArray(writer, number, PreviousGradients);
                WriteArray(writer, number, SpareStepSizes);
                WriteArray(writer, number, SparePreviousGradients);
                break;
            default:
                throw new System.ArgumentOutOfRangeException(nameof(context), optimizer, "Unknown optimizer.");
        }
    }

    public static void WriteReset(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        Optimizer optimizer = shape.Options.Optimizer;
        if (optimizer == Optimizer.Sgd)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteComment("New parameters start the optimizer afresh.");
        switch (optimizer)
        {
            case Optimizer.Momentum:
                WriteClear(writer, Velocity);
                break;
            case Optimizer.Adam:
                writer.WriteLine($"{GeneratedNames.Beta1Correction} = {shape.NumberType.Zero};");
                writer.WriteLine($"{GeneratedNames.Beta2Correction} = {shape.NumberType.Zero};");
                WriteClear(writer, FirstMoment);
                WriteClear(writer, SecondMoment);
                break;
            case Optimizer.Rprop:
                WriteClear(writer, StepSizes);
                WriteClear(writer, PreviousGradients);
                break;
            default:
                throw new System.ArgumentOutOfRangeException(nameof(context), optimizer, "Unknown optimizer.");
        }
    }

    private static void WriteClear(SourceWriter writer, string array) =>
        writer.WriteLine($"global::System.Array.Clear({array}, 0, {GeneratedNames.ParameterCount});");

    /// <summary>Declares ref locals to the state arrays and their spares: velocity and newVelocity, or firstMoment, secondMoment and their new ones.</summary>
    public static void WriteStateRefs(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        BlockedCode code = context.Code!;
        switch (shape.Options.Optimizer)
        {
            case Optimizer.Sgd:
                break;
            case Optimizer.Momentum:
                writer.WriteLine(code.RefToArray("velocity", Velocity, null));
                writer.WriteLine(code.RefToArray(Spare("velocity"), SpareSecond, null));
                break;
            case Optimizer.Adam:
                writer.WriteLine(code.RefToArray("firstMoment", FirstMoment, null));
                writer.WriteLine(code.RefToArray("secondMoment", SecondMoment, null));
                writer.WriteLine(code.RefToArray(Spare("firstMoment"), SpareFirst, null));
                writer.WriteLine(code.RefToArray(Spare("secondMoment"), SpareSecond, null));
                break;
            case Optimizer.Rprop:
                writer.WriteLine(code.RefToArray("stepSizes", StepSizes, null));
                writer.WriteLine(code.RefToArray("previousGradients", PreviousGradients, null));
                writer.WriteLine(code.RefToArray(Spare("stepSizes"), SpareStepSizes, null));
                writer.WriteLine(code.RefToArray(Spare("previousGradients"), SparePreviousGradients, null));
                RpropCode.WriteVectorConstants(writer, code.Vector);
                break;
            default:
                throw new System.ArgumentOutOfRangeException(nameof(context), shape.Options.Optimizer, "Unknown optimizer.");
        }
    }

    /// <summary>
    /// The state elements of the parameter at <paramref name="offset"/>, and their spares, as ref locals named v, m, newV and
    /// newM: Rprop keeps its step sizes in m and its last gradients in v.
    /// </summary>
    public static void WriteElementRefs(SourceWriter writer, EmitContext context, string offset)
    {
        NetworkShape shape = context.Shape;
        BlockedCode code = context.Code!;
        switch (shape.Options.Optimizer)
        {
            case Optimizer.Sgd:
                break;
            case Optimizer.Momentum:
                writer.WriteLine(code.RefToElement("v", "velocity", offset));
                writer.WriteLine(code.RefToElement(Spare("v"), Spare("velocity"), offset));
                break;
            case Optimizer.Adam:
                writer.WriteLine(code.RefToElement("m", "firstMoment", offset));
                writer.WriteLine(code.RefToElement("v", "secondMoment", offset));
                writer.WriteLine(code.RefToElement(Spare("m"), Spare("firstMoment"), offset));
                writer.WriteLine(code.RefToElement(Spare("v"), Spare("secondMoment"), offset));
                break;
            case Optimizer.Rprop:
                writer.WriteLine(code.RefToElement("m", "stepSizes", offset));
                writer.WriteLine(code.RefToElement("v", "previousGradients", offset));
                writer.WriteLine(code.RefToElement(Spare("m"), Spare("stepSizes"), offset));
                writer.WriteLine(code.RefToElement(Spare("v"), Spare("previousGradients"), offset));
                break;
            default:
                throw new System.ArgumentOutOfRangeException(nameof(context), shape.Options.Optimizer, "Unknown optimizer.");
        }
    }

    /// <summary>The ref local where the new values of the one named <paramref name="current"/> go: newW for w.</summary>
    public static string Spare(string current) => "new" + char.ToUpperInvariant(current[0]) + current.Substring(1);

    /// <summary>
    /// One vector of parameters at <c>w[index]</c> moves along the gradient vector <paramref name="gradient"/>,
    /// the state at <c>v[index]</c> (and <c>m[index]</c>): the new values go to the spares (newW, newV, newM),
    /// and the vector <c>differences</c> ORs in w - w of the new parameters (and v - v with Adam): all
    /// zero bits while they are finite, a NaN's bits from the first that is not.
    /// </summary>
    public static void WriteVectorStep(SourceWriter writer, EmitContext context, string gradient, string w, string v, string m, string index)
    {
        NetworkShape shape = context.Shape;
        BlockedCode code = context.Code!;
        string one = shape.NumberType.One;
        switch (shape.Options.Optimizer)
        {
            case Optimizer.Momentum:
                writer.WriteLine($"{code.Vector} vv = {code.Load(v, index)} * {GeneratedNames.MomentumConstant} + {gradient};");
                writer.WriteLine($"{code.Vector} ww = {code.Load(w, index)} - vv * learningRate;");
                writer.WriteLine(code.Store("vv", Spare(v), index));
                writer.WriteLine(code.Store("ww", Spare(w), index));
                writer.WriteLine("differences |= ww - ww;");
                break;
            case Optimizer.Adam:
                writer.WriteLine($"{code.Vector} g = {gradient};");
                writer.WriteLine($"{code.Vector} mm = {code.Load(m, index)} * {GeneratedNames.Beta1Constant} + g * ({one} - {GeneratedNames.Beta1Constant});");
                writer.WriteLine($"{code.Vector} vv = {code.Load(v, index)} * {GeneratedNames.Beta2Constant} + g * g * ({one} - {GeneratedNames.Beta2Constant});");
                writer.WriteLine($"{code.Vector} ww = {code.Load(w, index)} - mm * stepSize / (global::System.Numerics.Vector.SquareRoot(vv * secondMomentScale) + new {code.Vector}({GeneratedNames.EpsilonConstant}));");
                writer.WriteLine(code.Store("mm", Spare(m), index));
                writer.WriteLine(code.Store("vv", Spare(v), index));
                writer.WriteLine(code.Store("ww", Spare(w), index));
                writer.WriteLine("differences |= (ww - ww) | (vv - vv);");
                break;
            case Optimizer.Rprop:
                // The new step sizes are finite by construction (learningRate is checked, MaxStep caps
                // them); a gradient that is not finite stays in pp, so ww and pp are the ones to check.
                writer.WriteLine($"{code.Vector} g = {gradient};");
                RpropCode.WriteVector(writer, code.Vector, code.Load(w, index), code.Load(m, index), code.Load(v, index));
                writer.WriteLine(code.Store("ss", Spare(m), index));
                writer.WriteLine(code.Store("pp", Spare(v), index));
                writer.WriteLine(code.Store("ww", Spare(w), index));
                writer.WriteLine("differences |= (ww - ww) | (pp - pp);");
                break;
            default:
                throw new System.ArgumentOutOfRangeException(nameof(context), shape.Options.Optimizer, "No vector step for this optimizer.");
        }
    }

    /// <summary>
    /// One parameter <paramref name="w"/> moves along the scalar <paramref name="gradient"/>, state in <paramref name="v"/>
    /// (and <paramref name="m"/>); the new values go to <paramref name="newW"/>, <paramref name="newV"/> (and
    /// <paramref name="newM"/>), and <c>difference</c> adds their w - w.
    /// </summary>
    public static void WriteScalarStep(SourceWriter writer, EmitContext context, string gradient, (string W, string V, string M) current, (string W, string V, string M) next)
    {
        NetworkShape shape = context.Shape;
        NumberType number = shape.NumberType;
        switch (shape.Options.Optimizer)
        {
            case Optimizer.Momentum:
                writer.WriteLine($"{number.Name} vv = {GeneratedNames.MomentumConstant} * {current.V} + {gradient};");
                writer.WriteLine($"{number.Name} ww = {current.W} - learningRate * vv;");
                writer.WriteLine($"{next.V} = vv;");
                writer.WriteLine($"{next.W} = ww;");
                writer.WriteLine("difference += ww - ww;");
                break;
            case Optimizer.Adam:
                writer.WriteLine($"{number.Name} g = {gradient};");
                writer.WriteLine($"{number.Name} mm = {GeneratedNames.Beta1Constant} * {current.M} + ({number.One} - {GeneratedNames.Beta1Constant}) * g;");
                writer.WriteLine($"{number.Name} vv = {GeneratedNames.Beta2Constant} * {current.V} + ({number.One} - {GeneratedNames.Beta2Constant}) * (g * g);");
                writer.WriteLine($"{number.Name} ww = {current.W} - stepSize * mm / ({number.Math}.Sqrt(vv * secondMomentScale) + {GeneratedNames.EpsilonConstant});");
                writer.WriteLine($"{next.M} = mm;");
                writer.WriteLine($"{next.V} = vv;");
                writer.WriteLine($"{next.W} = ww;");
                writer.WriteLine("difference += (ww - ww) + (vv - vv);");
                break;
            case Optimizer.Rprop:
                writer.WriteLine($"{number.Name} g = {gradient};");
                RpropCode.WriteScalar(writer, number, new RpropCode.ScalarNames("g", current.W, current.M, current.V, "sameSign", "ww", "ss", "pp"));
                writer.WriteLine($"{next.M} = ss;");
                writer.WriteLine($"{next.V} = pp;");
                writer.WriteLine($"{next.W} = ww;");
                writer.WriteLine("difference += (ww - ww) + (pp - pp);");
                break;
            default:
                throw new System.ArgumentOutOfRangeException(nameof(context), shape.Options.Optimizer, "No scalar step for this optimizer.");
        }
    }

    /// <summary>
    /// After a step whose every new value is finite: the spare arrays, which hold them, become the
    /// network's, and its old arrays the spares; Adam's step t counts.
    /// </summary>
    public static void WriteSwap(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        string type = shape.NumberType.Name + "[]";
        writer.WriteComment("Every new value is finite: the arrays that hold them become the network's, and the old ones the spares.");
        writer.WriteLine($"{type} old = {GeneratedNames.ParametersArray};");
        writer.WriteLine($"{GeneratedNames.ParametersArray} = {GeneratedNames.GradientsArray};");
        writer.WriteLine($"{GeneratedNames.GradientsArray} = old;");
        switch (shape.Options.Optimizer)
        {
            case Optimizer.Sgd:
                break;
            case Optimizer.Momentum:
                WriteSwapState(writer, Velocity, SpareSecond);
                break;
            case Optimizer.Adam:
                WriteSwapState(writer, FirstMoment, SpareFirst);
                WriteSwapState(writer, SecondMoment, SpareSecond);
                UpdateWriter.WriteAdamStepStore(writer, context);
                break;
            case Optimizer.Rprop:
                WriteSwapState(writer, StepSizes, SpareStepSizes);
                WriteSwapState(writer, PreviousGradients, SparePreviousGradients);
                break;
            default:
                throw new System.ArgumentOutOfRangeException(nameof(context), shape.Options.Optimizer, "Unknown optimizer.");
        }
    }

    private static void WriteSwapState(SourceWriter writer, string state, string spare)
    {
        writer.WriteLine($"old = {state};");
        writer.WriteLine($"{state} = {spare};");
        writer.WriteLine($"{spare} = old;");
    }

    // State laid out like the parameters: one number per parameter, swapped with its spare by each step.
    private static void WriteArray(SourceWriter writer, NumberType number, string name) =>
        BlockedDeclarationsWriter.WriteArray(writer, number, name, GeneratedNames.ParameterCount, swapped: true);
}
