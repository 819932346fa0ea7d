using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Model;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.StraightLine;

/// <summary>
/// Writes how gradients move the parameters of the straight-line layout, for the configured
/// optimizer: after one sample (Train) or with the mean over a batch (TrainBatch). Optimizer state
/// lives in fields next to each parameter, so nothing allocates. What each optimizer computes is its
/// <see cref="OptimizerCode"/>'s; this writer lays it out over the fields.
/// </summary>
internal static class UpdateWriter
{
    /// <summary>The private constants and fields the optimizer needs, after the parameter fields.</summary>
    public static void WriteState(SourceWriter writer, EmitContext context)
    {
        OptimizerCode optimizer = Optimizer(context);
        if (optimizer.State.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        optimizer.WriteConstants(writer, context.Options, context.Number);
        if (optimizer.FieldsComment is { } comment)
        {
            writer.WriteComment(comment);
        }

        foreach (OptimizerStateSlot slot in optimizer.State)
        {
            WriteStateFields(writer, context, slot.Field);
        }
    }

    /// <summary>Sets the optimizer's state back to that of a new network (Randomize, SetParameters).</summary>
    public static void WriteReset(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        OptimizerCode optimizer = Optimizer(context);
        if (optimizer.State.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteComment("New parameters start the optimizer afresh.");
        optimizer.WriteReset(writer, context.Number);
        foreach (string field in GeneratedNames.ParameterFields(shape.Layers))
        {
            foreach (string state in StateFields(optimizer, field))
            {
                writer.WriteLine($"{state} = {context.Number.Zero};");
            }
        }
    }

    /// <summary>
    /// Train's update: every parameter's new value (and its optimizer state's) from this one sample,
    /// into locals; then the guard; then, only when every one is finite, the fields.
    /// </summary>
    public static void WriteSampleUpdates(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        OptimizerCode optimizer = Optimizer(context);
        bool sgd = shape.Options.Optimizer == Model.Optimizer.Sgd;
        optimizer.WriteStepPrelude(writer, context.Number);
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            string j = shape.CurrentLetter(layer);
            string i = shape.PreviousLetter(layer);
            writer.WriteLine();
            writer.WriteComment(sgd
                ? $"New W{l}[{j}, {i}] = W{l}[{j}, {i}] - d{l}_{j} * (learningRate * {shape.Symbol(layer - 1, i)}),  b{l}[{j}] - learningRate * d{l}_{j}: not stored yet."
                : $"Layer {l}, not stored yet: gradients g = dE/dW{l}[{j}, {i}] = d{l}_{j} * {shape.Symbol(layer - 1, i)} and g = dE/db{l}[{j}] = d{l}_{j};");
            if (!sgd)
            {
                optimizer.WriteFormula(writer);
            }

            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                string d = shape.Delta(layer, neuron);
                for (int input = 0; input < shape.Size(layer - 1); input++)
                {
                    string weight = shape.Weight(layer, neuron, input);
                    optimizer.WriteSampleStep(writer, context.Number, Names(optimizer, weight, "g" + weight), d, shape.Activation(layer - 1, input));
                }

                string bias = shape.Bias(layer, neuron);
                optimizer.WriteSampleStep(writer, context.Number, Names(optimizer, bias, "g" + bias), d, null);
            }
        }

        FiniteCheckWriter.WriteStepCheck(writer, context, "loss", "check");
        WriteStores(writer, context);
    }

    /// <summary>TrainBatch's update, from the gradient sums g_... over <c>rows</c> rows: new values, guard, then the fields.</summary>
    public static void WriteMeanUpdates(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        OptimizerCode optimizer = Optimizer(context);
        bool sgd = shape.Options.Optimizer == Model.Optimizer.Sgd;
        writer.WriteComment("Every row saw the same parameters; now step along the mean gradient.");
        optimizer.WriteMeanPrelude(writer, context.Number);
        optimizer.WriteStepPrelude(writer, context.Number);
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            writer.WriteLine();
            writer.WriteComment(sgd
                ? $"Layer {l}'s new values, not stored yet: W{l} - (learningRate / rows) * g_w{l},  b{l} - (learningRate / rows) * g_b{l}."
                : $"Layer {l}'s new values, not stored yet, from the mean gradients g = g_w{l} / rows and g = g_b{l} / rows;");
            if (!sgd)
            {
                optimizer.WriteFormula(writer);
            }

            for (int neuron = 0; neuron < shape.Size(layer); neuron++)
            {
                for (int i = 0; i < shape.Size(layer - 1); i++)
                {
                    optimizer.WriteMeanStep(writer, context.Number, Names(optimizer, shape.Weight(layer, neuron, i), shape.WeightGradient(layer, neuron, i)));
                }

                optimizer.WriteMeanStep(writer, context.Number, Names(optimizer, shape.Bias(layer, neuron), shape.BiasGradient(layer, neuron)));
            }
        }

        FiniteCheckWriter.WriteStepCheck(writer, context, "lossSum", "check / rows");
        WriteStores(writer, context);
    }

    /// <summary>The new values the guard must see, per parameter: the parameter's, and those of the state the optimizer says to check.</summary>
    public static IEnumerable<string> CheckedValues(EmitContext context, string parameter) =>
        new[] { OptimizerCode.NewValue(parameter) }.Concat(Optimizer(context).State
            .Where(slot => slot.Checked)
            .Select(slot => OptimizerCode.NewValue(slot.Field(parameter))));

    private static OptimizerCode Optimizer(EmitContext context) => OptimizerCode.For(context.Options.Optimizer);

    // A parameter field's step: its state fields, and locals for the new values named after them.
    private static StepNames Names(OptimizerCode optimizer, string parameter, string gradient)
    {
        string[] state = StateFields(optimizer, parameter);
        return new StepNames(
            gradient, parameter, OptimizerCode.NewValue(parameter), state, [.. state.Select(OptimizerCode.NewValue)], "sameSign" + parameter);
    }

    // Every new value passed the guard: the parameters and the optimizer's state take them.
    private static void WriteStores(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        OptimizerCode optimizer = Optimizer(context);
        var stores = new List<string>(optimizer.StepFields.Select(Store));
        foreach (string field in GeneratedNames.ParameterFields(shape.Layers))
        {
            stores.AddRange(StateFields(optimizer, field).Select(Store));
            stores.Add(Store(field));
        }

        writer.WriteLine();
        writer.WriteComment(optimizer.State.Count == 0
            ? "Every new value is finite: the parameters take them."
            : "Every new value is finite: the parameters and the optimizer's state take them.");
        writer.WriteStatements(stores);
    }

    private static string Store(string field) => $"{field} = {OptimizerCode.NewValue(field)};";

    /// <summary>The state fields of one parameter field, in the order a step stores them.</summary>
    private static string[] StateFields(OptimizerCode optimizer, string field) => [.. optimizer.State.Select(slot => slot.Field(field))];

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
