using Unrolled.Generator.Model;
using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Emit.StraightLine;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>
/// The optimizers in the blocked layout: their state in arrays laid out like the parameters, and
/// the per-element steps, a vector at a time with a scalar tail. Each step rounds like the
/// straight-line layout's, operation for operation.
/// </summary>
internal static class BlockedOptimizerWriter
{
    private static string Velocity => GeneratedNames.SecondState(GeneratedNames.ParametersArray);

    private static string FirstMoment => GeneratedNames.FirstState(GeneratedNames.ParametersArray);

    private static string SecondMoment => GeneratedNames.SecondState(GeneratedNames.ParametersArray);

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
        if (optimizer == Optimizer.Momentum)
        {
            writer.WriteComment("Momentum: each parameter keeps a velocity v = Momentum * v + gradient, and moves by learningRate * v; v is laid out like the parameters.");
            UpdateWriter.WriteConstant(writer, number, GeneratedNames.MomentumConstant, shape.Options.Momentum);
            WriteArray(writer, number, Velocity);
            return;
        }

        UpdateWriter.WriteAdamConstants(writer, context);
        writer.WriteComment("m and v of every parameter, laid out like the parameters.");
        WriteArray(writer, number, FirstMoment);
        WriteArray(writer, number, SecondMoment);
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
        if (optimizer == Optimizer.Momentum)
        {
            writer.WriteLine($"global::System.Array.Clear({Velocity}, 0, {GeneratedNames.ParameterCount});");
            return;
        }

        writer.WriteLine($"{GeneratedNames.Beta1Correction} = {shape.NumberType.Zero};");
        writer.WriteLine($"{GeneratedNames.Beta2Correction} = {shape.NumberType.Zero};");
        writer.WriteLine($"global::System.Array.Clear({FirstMoment}, 0, {GeneratedNames.ParameterCount});");
        writer.WriteLine($"global::System.Array.Clear({SecondMoment}, 0, {GeneratedNames.ParameterCount});");
    }

    /// <summary>Declares ref locals to the state arrays, named v, m.</summary>
    public static void WriteStateRefs(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        BlockedCode code = context.Code!;
        switch (shape.Options.Optimizer)
        {
            case Optimizer.Momentum:
                writer.WriteLine(code.RefToArray("velocity", Velocity, null));
                break;
            case Optimizer.Adam:
                writer.WriteLine(code.RefToArray("firstMoment", FirstMoment, null));
                writer.WriteLine(code.RefToArray("secondMoment", SecondMoment, null));
                break;
        }
    }

    /// <summary>The state elements of the parameter at <paramref name="offset"/>, as ref locals named v (and m).</summary>
    public static void WriteElementRefs(SourceWriter writer, EmitContext context, string offset)
    {
        NetworkShape shape = context.Shape;
        BlockedCode code = context.Code!;
        switch (shape.Options.Optimizer)
        {
            case Optimizer.Momentum:
                writer.WriteLine(code.RefToElement("v", "velocity", offset));
                break;
            case Optimizer.Adam:
                writer.WriteLine(code.RefToElement("m", "firstMoment", offset));
                writer.WriteLine(code.RefToElement("v", "secondMoment", offset));
                break;
        }
    }

    /// <summary>
    /// One vector of parameters at <c>w[index]</c> moves along the gradient vector <paramref name="gradient"/>;
    /// the state is at <c>v[index]</c> (and <c>m[index]</c>).
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
                writer.WriteLine(code.Store("vv", v, index));
                writer.WriteLine(code.Store($"{code.Load(w, index)} - vv * learningRate", w, index));
                break;
            case Optimizer.Adam:
                writer.WriteLine($"{code.Vector} g = {gradient};");
                writer.WriteLine($"{code.Vector} mm = {code.Load(m, index)} * {GeneratedNames.Beta1Constant} + g * ({one} - {GeneratedNames.Beta1Constant});");
                writer.WriteLine($"{code.Vector} vv = {code.Load(v, index)} * {GeneratedNames.Beta2Constant} + g * g * ({one} - {GeneratedNames.Beta2Constant});");
                writer.WriteLine(code.Store("mm", m, index));
                writer.WriteLine(code.Store("vv", v, index));
                writer.WriteLine(code.Store(
                    $"{code.Load(w, index)} - mm * stepSize / (global::System.Numerics.Vector.SquareRoot(vv * secondMomentScale) + new {code.Vector}({GeneratedNames.EpsilonConstant}))",
                    w, index));
                break;
        }
    }

    /// <summary>One parameter <paramref name="w"/> moves along the scalar <paramref name="gradient"/>, state in <paramref name="v"/> (and <paramref name="m"/>).</summary>
    public static void WriteScalarStep(SourceWriter writer, EmitContext context, string gradient, string w, string v, string m)
    {
        NetworkShape shape = context.Shape;
        NumberType number = shape.NumberType;
        switch (shape.Options.Optimizer)
        {
            case Optimizer.Momentum:
                writer.WriteLine($"{v} = {GeneratedNames.MomentumConstant} * {v} + {gradient};");
                writer.WriteLine($"{w} -= learningRate * {v};");
                break;
            case Optimizer.Adam:
                writer.WriteLine($"{number.Name} g = {gradient};");
                writer.WriteLine($"{m} = {GeneratedNames.Beta1Constant} * {m} + ({number.One} - {GeneratedNames.Beta1Constant}) * g;");
                writer.WriteLine($"{v} = {GeneratedNames.Beta2Constant} * {v} + ({number.One} - {GeneratedNames.Beta2Constant}) * (g * g);");
                writer.WriteLine($"{w} -= stepSize * {m} / ({number.Math}.Sqrt({v} * secondMomentScale) + {GeneratedNames.EpsilonConstant});");
                break;
        }
    }

    // State laid out like the parameters: one number per parameter.
    private static void WriteArray(SourceWriter writer, NumberType number, string name) =>
        BlockedDeclarationsWriter.WriteArray(writer, number, name, GeneratedNames.ParameterCount);
}
