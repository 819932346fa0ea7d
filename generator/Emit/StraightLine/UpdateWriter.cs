using System.Collections.Generic;
using System.Globalization;
using Unrolled.Generator.Model;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.StraightLine;

/// <summary>
/// Writes how gradients move the parameters of the straight-line layout, for the configured
/// optimizer: after one sample (Train) or with the mean over a batch (TrainBatch). Optimizer state
/// lives in fields next to each parameter, so nothing allocates.
/// </summary>
internal static class UpdateWriter
{
    /// <summary>The private constants and fields the optimizer needs, after the parameter fields.</summary>
    public static void WriteState(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        NetworkOptions options = shape.Options;
        if (options.Optimizer == Optimizer.Sgd)
        {
            return;
        }

        NumberType number = shape.NumberType;
        writer.WriteLine();
        if (options.Optimizer == Optimizer.Momentum)
        {
            writer.WriteComment("Momentum: each parameter keeps a velocity v = Momentum * v + gradient, and moves by learningRate * v.");
            WriteConstant(writer, number, GeneratedNames.MomentumConstant, options.Momentum);
            WriteStateFields(writer, context, GeneratedNames.SecondState);
            return;
        }

        WriteAdamConstants(writer, context);
        WriteStateFields(writer, context, GeneratedNames.FirstState);
        WriteStateFields(writer, context, GeneratedNames.SecondState);
    }

    /// <summary>Sets the optimizer's state back to that of a new network (Randomize, SetParameters).</summary>
    public static void WriteReset(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        if (shape.Options.Optimizer == Optimizer.Sgd)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteComment("New parameters start the optimizer afresh.");
        string zero = shape.NumberType.Zero;
        if (shape.Options.Optimizer == Optimizer.Adam)
        {
            writer.WriteLine($"{GeneratedNames.Beta1Correction} = {zero};");
            writer.WriteLine($"{GeneratedNames.Beta2Correction} = {zero};");
        }

        foreach (string field in GeneratedNames.ParameterFields(shape.Layers))
        {
            if (shape.Options.Optimizer == Optimizer.Adam)
            {
                writer.WriteLine($"{GeneratedNames.FirstState(field)} = {zero};");
            }

            writer.WriteLine($"{GeneratedNames.SecondState(field)} = {zero};");
        }
    }

    /// <summary>Train's update: every parameter moves against its gradient from this one sample.</summary>
    public static void WriteSampleUpdates(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        WriteAdamStep(writer, context);
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            string j = shape.CurrentLetter(layer);
            string i = shape.PreviousLetter(layer);
            writer.WriteLine();
            writer.WriteComment(shape.Options.Optimizer == Optimizer.Sgd
                ? $"Update layer {l}: W{l}[{j}, {i}] -= d{l}_{j} * (learningRate * {shape.Symbol(layer - 1, i)}),  b{l}[{j}] -= learningRate * d{l}_{j}."
                : $"Update layer {l} with the gradients g = dE/dW{l}[{j}, {i}] = d{l}_{j} * {shape.Symbol(layer - 1, i)} and g = dE/db{l}[{j}] = d{l}_{j};");
            if (shape.Options.Optimizer != Optimizer.Sgd)
            {
                writer.WriteComment(OptimizerFormula(context));
            }

            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                string d = shape.Delta(layer, neuron);
                for (int input = 0; input < shape.Size(layer - 1); input++)
                {
                    WriteSampleUpdate(writer, context, shape.Weight(layer, neuron, input), d, shape.Activation(layer - 1, input));
                }

                WriteSampleUpdate(writer, context, shape.Bias(layer, neuron), d, null);
            }
        }
    }

    /// <summary>TrainBatch's update, from the gradient sums g_... over <c>rows</c> rows.</summary>
    public static void WriteMeanUpdates(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = shape.NumberType;
        bool sgd = shape.Options.Optimizer == Optimizer.Sgd;
        writer.WriteComment("Every row saw the same parameters; now step along the mean gradient.");
        if (sgd)
        {
            writer.WriteLine($"{number.Name} step = learningRate / rows;");
        }

        WriteAdamStep(writer, context);
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            writer.WriteLine();
            writer.WriteComment(sgd
                ? $"Update layer {l} with the mean gradient: W{l} -= (learningRate / rows) * g_w{l},  b{l} -= (learningRate / rows) * g_b{l}."
                : $"Update layer {l} with the mean gradients g = g_w{l} / rows and g = g_b{l} / rows;");
            if (!sgd)
            {
                writer.WriteComment(OptimizerFormula(context));
            }

            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                for (int i = 0; i < shape.Size(layer - 1); i++)
                {
                    WriteMeanUpdate(writer, context, shape.Weight(layer, neuron, i), shape.WeightGradient(layer, neuron, i));
                }

                WriteMeanUpdate(writer, context, shape.Bias(layer, neuron), shape.BiasGradient(layer, neuron));
            }
        }
    }

    /// <summary>The optimizer's step for one parameter w with gradient g, for comments.</summary>
    public static string OptimizerFormula(EmitContext context) =>
        (context.Shape.Options.Optimizer == Optimizer.Momentum ? "momentum: " : "Adam: ") + Formulas.OptimizerStep(context.Shape.Options.Optimizer) + ".";

    // The per-parameter step: w -= learningRate * g for SGD; the velocity or moments first otherwise.
    private static void WriteSampleUpdate(SourceWriter writer, EmitContext context, string parameter, string delta, string? input)
    {
        NetworkShape shape = context.Shape;
        switch (shape.Options.Optimizer)
        {
            case Optimizer.Sgd:
                // learningRate * x_i does not wait for the delta, so it is multiplied first: the next
                // sample's forward pass, which reads this weight, waits one step less (worth it on W1).
                writer.WriteLine(input is null
                    ? $"{parameter} -= learningRate * {delta};"
                    : $"{parameter} -= {delta} * (learningRate * {input});");
                break;
            case Optimizer.Momentum:
                WriteMomentum(writer, parameter, input is null ? delta : $"{delta} * {input}");
                break;
            default:
                string gradient = "g" + parameter;
                writer.WriteLine($"{shape.NumberType.Name} {gradient} = {(input is null ? delta : $"{delta} * {input}")};");
                WriteAdam(writer, context, parameter, gradient);
                break;
        }
    }

    private static void WriteMeanUpdate(SourceWriter writer, EmitContext context, string parameter, string sum)
    {
        NetworkShape shape = context.Shape;
        switch (shape.Options.Optimizer)
        {
            case Optimizer.Sgd:
                writer.WriteLine($"{parameter} -= step * {sum};");
                break;
            case Optimizer.Momentum:
                WriteMomentum(writer, parameter, $"{sum} / rows");
                break;
            default:
                writer.WriteLine($"{sum} /= rows;");
                WriteAdam(writer, context, parameter, sum);
                break;
        }
    }

    private static void WriteMomentum(SourceWriter writer, string parameter, string gradient)
    {
        string velocity = GeneratedNames.SecondState(parameter);
        writer.WriteLine($"{velocity} = {GeneratedNames.MomentumConstant} * {velocity} + {gradient};");
        writer.WriteLine($"{parameter} -= learningRate * {velocity};");
    }

    private static void WriteAdam(SourceWriter writer, EmitContext context, string parameter, string gradient)
    {
        NetworkShape shape = context.Shape;
        string one = shape.NumberType.One;
        string m = GeneratedNames.FirstState(parameter);
        string v = GeneratedNames.SecondState(parameter);
        writer.WriteLine($"{m} = {GeneratedNames.Beta1Constant} * {m} + ({one} - {GeneratedNames.Beta1Constant}) * {gradient};");
        writer.WriteLine($"{v} = {GeneratedNames.Beta2Constant} * {v} + ({one} - {GeneratedNames.Beta2Constant}) * ({gradient} * {gradient});");
        writer.WriteLine($"{parameter} -= stepSize * {m} / ({shape.NumberType.Math}.Sqrt({v} * secondMomentScale) + {GeneratedNames.EpsilonConstant});");
    }

    // Adam's bias correction for this step t: m / (1 - Beta1^t) and v / (1 - Beta2^t), with both
    // factors worked out once per step rather than once per parameter.
    public static void WriteAdamStep(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        if (shape.Options.Optimizer != Optimizer.Adam)
        {
            return;
        }

        string type = shape.NumberType.Name;
        string one = shape.NumberType.One;
        writer.WriteLine();
        writer.WriteComment("Adam's step t: 1 - Beta^t = 1 - Beta * (1 - (1 - Beta^(t-1))); then the bias-corrected step size and scale of v.");
        writer.WriteLine($"{GeneratedNames.Beta1Correction} = {one} - {GeneratedNames.Beta1Constant} * ({one} - {GeneratedNames.Beta1Correction});");
        writer.WriteLine($"{GeneratedNames.Beta2Correction} = {one} - {GeneratedNames.Beta2Constant} * ({one} - {GeneratedNames.Beta2Correction});");
        writer.WriteLine($"{type} stepSize = learningRate / {GeneratedNames.Beta1Correction};");
        writer.WriteLine($"{type} secondMomentScale = {one} / {GeneratedNames.Beta2Correction};");
    }

    /// <summary>Adam's hyper-parameters as constants, and its two bias-correction fields.</summary>
    public static void WriteAdamConstants(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = shape.NumberType;
        NetworkOptions options = shape.Options;
        writer.WriteComment("Adam: each parameter keeps m, a running mean of its gradients, and v, one of their squares.");
        WriteConstant(writer, number, GeneratedNames.Beta1Constant, options.Beta1);
        WriteConstant(writer, number, GeneratedNames.Beta2Constant, options.Beta2);
        WriteConstant(writer, number, GeneratedNames.EpsilonConstant, options.Epsilon);
        writer.WriteComment("1 - Beta1^t and 1 - Beta2^t after t steps: both start at 0, like every field of a new network.");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private {number.Name} {GeneratedNames.Beta1Correction}, {GeneratedNames.Beta2Correction};");
    }

    public static void WriteConstant(SourceWriter writer, NumberType number, string name, double value)
    {
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private const {number.Name} {name} = {Literal(number, value)};");
    }

    /// <summary>An invariant-culture literal that round-trips: 0.9, 1E-08, 0.9f.</summary>
    public static string Literal(NumberType number, double value) => number == NumberType.Single
        ? ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f"
        : value.ToString("R", CultureInfo.InvariantCulture) is var text && (text.Contains(".") || text.Contains("E")) ? text : text + ".0";

    private static void WriteStateFields(SourceWriter writer, EmitContext context, System.Func<string, string> name)
    {
        NetworkShape shape = context.Shape;
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private {shape.NumberType.Name}");
        var fields = new List<string>(GeneratedNames.ParameterFields(shape.Layers));
        const int PerLine = 6;
        for (int start = 0; start < fields.Count; start += PerLine)
        {
            var line = new List<string>();
            for (int index = start; index < start + PerLine && index < fields.Count; index++)
            {
                line.Add(name(fields[index]));
            }

            writer.WriteLine("    " + string.Join(", ", line) + (start + PerLine >= fields.Count ? ";" : ","));
        }
    }
}
