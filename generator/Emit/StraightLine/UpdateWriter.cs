using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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
        switch (options.Optimizer)
        {
            case Optimizer.Momentum:
                writer.WriteComment("Momentum: each parameter keeps a velocity v = Momentum * v + gradient, and moves by learningRate * v.");
                WriteConstant(writer, number, GeneratedNames.MomentumConstant, options.Momentum);
                WriteStateFields(writer, context, GeneratedNames.SecondState);
                break;
            case Optimizer.Adam:
                WriteAdamConstants(writer, context);
                WriteStateFields(writer, context, GeneratedNames.FirstState);
                WriteStateFields(writer, context, GeneratedNames.SecondState);
                break;
            case Optimizer.Rprop:
                RpropCode.WriteConstants(writer, number);
                writer.WriteComment("Each parameter's step size and last gradient: both 0 at first, and a step size of 0 starts at learningRate.");
                WriteStateFields(writer, context, GeneratedNames.StepSize);
                WriteStateFields(writer, context, GeneratedNames.PreviousGradient);
                break;
            default:
                throw new System.ArgumentOutOfRangeException(nameof(context), options.Optimizer, "Unknown optimizer.");
        }
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
            foreach (string state in StateFields(shape.Options.Optimizer, field))
            {
                writer.WriteLine($"{state} = {zero};");
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
        WriteAdamStep(writer, context);
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            string j = shape.CurrentLetter(layer);
            string i = shape.PreviousLetter(layer);
            writer.WriteLine();
            writer.WriteComment(shape.Options.Optimizer == Optimizer.Sgd
                ? $"New W{l}[{j}, {i}] = W{l}[{j}, {i}] - d{l}_{j} * (learningRate * {shape.Symbol(layer - 1, i)}),  b{l}[{j}] - learningRate * d{l}_{j}: not stored yet."
                : $"Layer {l}, not stored yet: gradients g = dE/dW{l}[{j}, {i}] = d{l}_{j} * {shape.Symbol(layer - 1, i)} and g = dE/db{l}[{j}] = d{l}_{j};");
            if (shape.Options.Optimizer != Optimizer.Sgd)
            {
                WriteOptimizerFormula(writer, context);
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

        FiniteCheckWriter.WriteStepCheck(writer, context, "loss", "check");
        WriteStores(writer, context);
    }

    /// <summary>TrainBatch's update, from the gradient sums g_... over <c>rows</c> rows: new values, guard, then the fields.</summary>
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
                ? $"Layer {l}'s new values, not stored yet: W{l} - (learningRate / rows) * g_w{l},  b{l} - (learningRate / rows) * g_b{l}."
                : $"Layer {l}'s new values, not stored yet, from the mean gradients g = g_w{l} / rows and g = g_b{l} / rows;");
            if (!sgd)
            {
                WriteOptimizerFormula(writer, context);
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

        FiniteCheckWriter.WriteStepCheck(writer, context, "lossSum", "check / rows");
        WriteStores(writer, context);
    }

    /// <summary>The optimizer's step for one parameter w with gradient g, for comments.</summary>
    public static string OptimizerFormula(EmitContext context) =>
        OptimizerName(context.Shape.Options.Optimizer) + ": " + Formulas.OptimizerStep(context.Shape.Options.Optimizer) + ".";

    /// <summary>
    /// <see cref="OptimizerFormula"/> as comment lines: on one line when it fits, otherwise the name
    /// and then one line per assignment (iRPROP-'s five do not fit on one).
    /// </summary>
    public static void WriteOptimizerFormula(SourceWriter writer, EmitContext context)
    {
        Optimizer optimizer = context.Shape.Options.Optimizer;
        string formula = OptimizerFormula(context);
        if (formula.Length + 3 <= writer.Room)
        {
            writer.WriteComment(formula);
            return;
        }

        writer.WriteComment(OptimizerName(optimizer) + ", in this order:");
        foreach (string step in Formulas.OptimizerSteps(optimizer))
        {
            writer.WriteComment("    " + step);
        }
    }

    // How the comments name the optimizer.
    private static string OptimizerName(Optimizer optimizer) => optimizer switch
    {
        Optimizer.Sgd => "gradient descent",
        Optimizer.Momentum => "momentum",
        Optimizer.Adam => "Adam",
        Optimizer.Rprop => "iRPROP-",
        _ => throw new System.ArgumentOutOfRangeException(nameof(optimizer), optimizer, "Unknown optimizer."),
    };

    /// <summary>The state fields of one parameter field, in the order a step stores them.</summary>
    private static string[] StateFields(Optimizer optimizer, string field) => optimizer switch
    {
        Optimizer.Sgd => [],
        Optimizer.Momentum => [GeneratedNames.SecondState(field)],
        Optimizer.Adam => [GeneratedNames.FirstState(field), GeneratedNames.SecondState(field)],
        Optimizer.Rprop => [GeneratedNames.StepSize(field), GeneratedNames.PreviousGradient(field)],
        _ => throw new System.ArgumentOutOfRangeException(nameof(optimizer), optimizer, "Unknown optimizer."),
    };

    /// <summary>The local that holds the new value of a field until the guard has passed it: the field's name without its underscore.</summary>
    public static string NewValue(string field) => field.Substring(1);

    /// <summary>
    /// The new values the guard must see, per parameter: the parameter's, and with Adam its v's. A
    /// non-finite velocity or m makes the parameter non-finite too (the learning rate is positive and
    /// finite), but a v of infinity would only make the parameter's step 0.
    /// </summary>
    public static IEnumerable<string> CheckedValues(EmitContext context, string parameter)
    {
        Optimizer optimizer = context.Shape.Options.Optimizer;
        switch (optimizer)
        {
            case Optimizer.Sgd:
            case Optimizer.Momentum:
                return [NewValue(parameter)];
            case Optimizer.Adam:
                return [NewValue(parameter), NewValue(GeneratedNames.SecondState(parameter))];
            case Optimizer.Rprop:
                // The new step size is finite by construction: learningRate (checked) or the last one,
                // grown to at most MaxStep or halved. A gradient that is not finite stays in gPrev.
                return [NewValue(parameter), NewValue(GeneratedNames.PreviousGradient(parameter))];
            default:
                throw new System.ArgumentOutOfRangeException(nameof(context), optimizer, "Unknown optimizer.");
        }
    }

    // The new value w' of one parameter: w - learningRate * g for SGD; the velocity or moments first otherwise.
    private static void WriteSampleUpdate(SourceWriter writer, EmitContext context, string parameter, string delta, string? input)
    {
        NetworkShape shape = context.Shape;
        string type = shape.NumberType.Name;
        switch (shape.Options.Optimizer)
        {
            case Optimizer.Sgd:
                // learningRate * x_i does not wait for the delta, so it is multiplied first: the next
                // sample's forward pass, which reads this weight, waits one step less (worth it on W1).
                writer.WriteLine(input is null
                    ? $"{type} {NewValue(parameter)} = {parameter} - learningRate * {delta};"
                    : $"{type} {NewValue(parameter)} = {parameter} - {delta} * (learningRate * {input});");
                break;
            case Optimizer.Momentum:
                WriteMomentum(writer, context, parameter, input is null ? delta : $"{delta} * {input}");
                break;
            case Optimizer.Adam:
                string gradient = "g" + parameter;
                writer.WriteLine($"{type} {gradient} = {(input is null ? delta : $"{delta} * {input}")};");
                WriteAdam(writer, context, parameter, gradient);
                break;
            case Optimizer.Rprop:
                string g = "g" + parameter;
                writer.WriteLine($"{type} {g} = {(input is null ? delta : $"{delta} * {input}")};");
                WriteRprop(writer, context, parameter, g);
                break;
            default:
                throw new System.ArgumentOutOfRangeException(nameof(context), shape.Options.Optimizer, "Unknown optimizer.");
        }
    }

    private static void WriteMeanUpdate(SourceWriter writer, EmitContext context, string parameter, string sum)
    {
        NetworkShape shape = context.Shape;
        switch (shape.Options.Optimizer)
        {
            case Optimizer.Sgd:
                writer.WriteLine($"{shape.NumberType.Name} {NewValue(parameter)} = {parameter} - step * {sum};");
                break;
            case Optimizer.Momentum:
                WriteMomentum(writer, context, parameter, $"{sum} / rows");
                break;
            case Optimizer.Adam:
                writer.WriteLine($"{sum} /= rows;");
                WriteAdam(writer, context, parameter, sum);
                break;
            case Optimizer.Rprop:
                writer.WriteLine($"{sum} /= rows;");
                WriteRprop(writer, context, parameter, sum);
                break;
            default:
                throw new System.ArgumentOutOfRangeException(nameof(context), shape.Options.Optimizer, "Unknown optimizer.");
        }
    }

    private static void WriteMomentum(SourceWriter writer, EmitContext context, string parameter, string gradient)
    {
        string type = context.Shape.NumberType.Name;
        string velocity = GeneratedNames.SecondState(parameter);
        writer.WriteLine($"{type} {NewValue(velocity)} = {GeneratedNames.MomentumConstant} * {velocity} + {gradient};");
        writer.WriteLine($"{type} {NewValue(parameter)} = {parameter} - learningRate * {NewValue(velocity)};");
    }

    private static void WriteAdam(SourceWriter writer, EmitContext context, string parameter, string gradient)
    {
        NetworkShape shape = context.Shape;
        string type = shape.NumberType.Name;
        string one = shape.NumberType.One;
        string m = GeneratedNames.FirstState(parameter);
        string v = GeneratedNames.SecondState(parameter);
        writer.WriteLine($"{type} {NewValue(m)} = {GeneratedNames.Beta1Constant} * {m} + ({one} - {GeneratedNames.Beta1Constant}) * {gradient};");
        writer.WriteLine($"{type} {NewValue(v)} = {GeneratedNames.Beta2Constant} * {v} + ({one} - {GeneratedNames.Beta2Constant}) * ({gradient} * {gradient});");
        string step = $"stepSize * {NewValue(m)} / ({shape.NumberType.Math}.Sqrt({NewValue(v)} * secondMomentScale) + {GeneratedNames.EpsilonConstant})";
        string line = $"{type} {NewValue(parameter)} = {parameter} - {step};";
        if (line.Length <= writer.Room)
        {
            writer.WriteLine(line);
        }
        else
        {
            writer.WriteLine($"{type} {NewValue(parameter)} = {parameter}");
            writer.WriteLine($"    - {step};");
        }
    }

    private static void WriteRprop(SourceWriter writer, EmitContext context, string parameter, string gradient)
    {
        string step = GeneratedNames.StepSize(parameter);
        string previous = GeneratedNames.PreviousGradient(parameter);
        RpropCode.WriteScalar(writer, context.Shape.NumberType, new RpropCode.ScalarNames(
            gradient, parameter, step, previous, "sameSign" + parameter, NewValue(parameter), NewValue(step), NewValue(previous)));
    }

    // Every new value passed the guard: the parameters and the optimizer's state take them.
    private static void WriteStores(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        Optimizer optimizer = shape.Options.Optimizer;
        var stores = new List<string>();
        if (optimizer == Optimizer.Adam)
        {
            stores.Add(Store(GeneratedNames.Beta1Correction));
            stores.Add(Store(GeneratedNames.Beta2Correction));
        }

        foreach (string field in GeneratedNames.ParameterFields(shape.Layers))
        {
            stores.AddRange(StateFields(optimizer, field).Select(Store));
            stores.Add(Store(field));
        }

        writer.WriteLine();
        writer.WriteComment(optimizer == Optimizer.Sgd
            ? "Every new value is finite: the parameters take them."
            : "Every new value is finite: the parameters and the optimizer's state take them.");
        writer.WriteStatements(stores);
    }

    private static string Store(string field) => $"{field} = {NewValue(field)};";

    // Adam's bias correction for this step t: m / (1 - Beta1^t) and v / (1 - Beta2^t), with both
    // factors worked out once per step rather than once per parameter, into locals: the step
    // counts only once the guard has passed it.
    public static void WriteAdamStep(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        if (shape.Options.Optimizer != Optimizer.Adam)
        {
            return;
        }

        string type = shape.NumberType.Name;
        string one = shape.NumberType.One;
        string beta1 = NewValue(GeneratedNames.Beta1Correction);
        string beta2 = NewValue(GeneratedNames.Beta2Correction);
        writer.WriteLine();
        writer.WriteComment("Adam's step t: 1 - Beta^t = 1 - Beta * (1 - (1 - Beta^(t-1))); then the bias-corrected step size and scale of v.");
        writer.WriteLine($"{type} {beta1} = {NextCorrection(shape, GeneratedNames.Beta1Constant, GeneratedNames.Beta1Correction)};");
        writer.WriteLine($"{type} {beta2} = {NextCorrection(shape, GeneratedNames.Beta2Constant, GeneratedNames.Beta2Correction)};");
        writer.WriteLine($"{type} stepSize = learningRate / {beta1};");
        writer.WriteLine($"{type} secondMomentScale = {one} / {beta2};");
    }

    /// <summary>Advances Adam's two bias-correction fields by one step, as <see cref="WriteAdamStep"/> computed it.</summary>
    public static void WriteAdamStepStore(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        if (shape.Options.Optimizer != Optimizer.Adam)
        {
            return;
        }

        writer.WriteComment("Adam's step t counts now that it is taken: the same 1 - Beta^t as the update used.");
        writer.WriteLine($"{GeneratedNames.Beta1Correction} = {NextCorrection(shape, GeneratedNames.Beta1Constant, GeneratedNames.Beta1Correction)};");
        writer.WriteLine($"{GeneratedNames.Beta2Correction} = {NextCorrection(shape, GeneratedNames.Beta2Constant, GeneratedNames.Beta2Correction)};");
    }

    // 1 - Beta^t from the field's 1 - Beta^(t-1). One expression for the step's locals and for the
    // blocked layout's store after its swap, which cannot see those locals: the two must agree bit for bit.
    private static string NextCorrection(NetworkShape shape, string beta, string correction)
    {
        string one = shape.NumberType.One;
        return $"{one} - {beta} * ({one} - {correction})";
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
