using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// What an optimizer means, in one place: its formula text (for the header and the comments), the state
/// it keeps per parameter, its constants, and one parameter's step as scalar code (the straight-line
/// layout, the blocked layout's tails and biases) and as vector code (the blocked layout's rows). The
/// layouts store the state their own way (fields, or arrays with spares) and ask the optimizer for the
/// rest, so a new optimizer is a new subclass (a file beside <see cref="RpropCode"/>) and its line in
/// <see cref="For"/>. The scalar and vector steps of one optimizer are written next to each other, so
/// that they round alike operation for operation.
/// </summary>
internal abstract partial class OptimizerCode
{
    public static OptimizerCode For(Optimizer optimizer) => optimizer switch
    {
        Optimizer.Sgd => SgdCode.Instance,
        Optimizer.Momentum => MomentumCode.Instance,
        Optimizer.Adam => AdamCode.Instance,
        Optimizer.Rprop => RpropCode.Instance,
        _ => throw new System.ArgumentOutOfRangeException(nameof(optimizer), optimizer, "No code for this optimizer."),
    };

    /// <summary>How the comments name the optimizer: "gradient descent", "Adam".</summary>
    public abstract string Name { get; }

    /// <summary>How one parameter w with gradient g moves: the assignments in the body's symbols, in the order the code runs them.</summary>
    public abstract string[] Steps { get; }

    /// <summary>The optimizer's step for one parameter w with gradient g, for comments.</summary>
    public string Formula => Name + ": " + string.Join(",  ", Steps) + ".";

    /// <summary>
    /// The header's introduction to <see cref="Steps"/>: the optimizer with its hyper-parameters, what each
    /// parameter keeps and when; one string per comment line.
    /// </summary>
    public abstract string[] HeaderIntroduction(NetworkOptions options, NumberType number);

    /// <summary>The numbers each parameter keeps, in the order a step stores them; none for SGD.</summary>
    public abstract IReadOnlyList<OptimizerStateSlot> State { get; }

    /// <summary>
    /// True when the gradient goes into the step as an expression (it is read once); false when the
    /// step reads it more than once and it is first put in a local g.
    /// </summary>
    public virtual bool InlinesGradient => false;

    /// <summary>The comment above the straight-line layout's state fields, or null.</summary>
    public virtual string? FieldsComment => null;

    /// <summary>The comment lines above the blocked layout's state arrays and their spares.</summary>
    public virtual string[] ArraysComment => [];

    /// <summary>The optimizer's hyper-parameters as private constants (and any field of its own), with a comment.</summary>
    public virtual void WriteConstants(SourceWriter writer, NetworkOptions options, NumberType number)
    {
    }

    /// <summary>Sets what the optimizer keeps beyond its per-parameter state back to that of a new network.</summary>
    public virtual void WriteReset(SourceWriter writer, NumberType number)
    {
    }

    /// <summary>Locals the steps of one update share, worked out once per update (Adam's step t).</summary>
    public virtual void WriteStepPrelude(SourceWriter writer, NumberType number)
    {
    }

    /// <summary>The names of the fields of its own (not per parameter) that an update changes, stored with the others once the guard passed.</summary>
    public virtual string[] StepFields => [];

    /// <summary>
    /// Stores the fields of <see cref="StepFields"/> after an update whose new values are finite, for a
    /// layout that cannot see the prelude's locals there (the blocked swap): the same expressions, bit for bit.
    /// </summary>
    public virtual void WriteStepFieldsStore(SourceWriter writer, NumberType number)
    {
    }

    /// <summary>Vectors the vector steps of one update share, declared once per method.</summary>
    public virtual void WriteVectorPrelude(SourceWriter writer, string vector)
    {
    }

    /// <summary>One parameter's step: declares <see cref="StepNames.NewW"/> and every <see cref="StepNames.NewState"/>.</summary>
    public abstract void WriteScalar(SourceWriter writer, NumberType number, StepNames names);

    /// <summary>
    /// One vector of parameters' step: declares the vector <c>ww</c> (the new parameters) and one vector per
    /// state slot, named by its <see cref="OptimizerStateSlot.Local"/>.
    /// </summary>
    public abstract void WriteVector(SourceWriter writer, NumberType number, string vector, VectorNames names);

    /// <summary>
    /// Train's step of one parameter from one sample: the gradient is <paramref name="delta"/> times
    /// <paramref name="input"/> (just the delta for a bias).
    /// </summary>
    public virtual void WriteSampleStep(SourceWriter writer, NumberType number, StepNames names, string delta, string? input)
    {
        string gradient = input is null ? delta : $"{delta} * {input}";
        if (!InlinesGradient)
        {
            writer.WriteLine($"{number.Name} {names.Gradient} = {gradient};");
            gradient = names.Gradient;
        }

        WriteScalar(writer, number, names with { Gradient = gradient });
    }

    /// <summary>
    /// The blocked layout's row step: the scalar worked out once per row j of weights and handed to the row's
    /// steps, named <see cref="RowFactor"/>. The delta d_j, whose product with the activation a_i is each
    /// weight's gradient; SGD takes learningRate * d_j, so that each weight's step is one multiply.
    /// </summary>
    public virtual string RowFactor => "dj";

    /// <summary>The value of <see cref="RowFactor"/> from the row's delta.</summary>
    public virtual string RowFactorValue(string delta) => delta;

    /// <summary>The scalars <see cref="RowFactorValue"/> reads besides the delta.</summary>
    public virtual string[] RowFactorScalars => [];

    /// <summary>The scalars the steps read besides the gradient and the state: the parameters of the blocked row step.</summary>
    public virtual string[] StepScalars => ["learningRate"];

    /// <summary>
    /// One vector of a row of weights: the gradient is the vector <paramref name="activations"/> times
    /// <see cref="RowFactor"/>. Declares <c>ww</c> and the state vectors, as <see cref="WriteVector"/>.
    /// </summary>
    public virtual void WriteRowVector(SourceWriter writer, NumberType number, string vector, string activations, VectorNames names) =>
        WriteVector(writer, number, vector, names with { Gradient = $"{activations} * {RowFactor}" });

    /// <summary>
    /// One weight of a row, whose gradient is <see cref="RowFactor"/> times <paramref name="activation"/>, or
    /// the row's bias when <paramref name="activation"/> is null: its gradient is the delta.
    /// </summary>
    public virtual void WriteRowScalar(SourceWriter writer, NumberType number, string? activation, StepNames names)
    {
        string gradient = activation is null ? RowFactor : $"{RowFactor} * {activation}";
        if (!InlinesGradient)
        {
            writer.WriteLine($"{number.Name} {names.Gradient} = {gradient};");
            gradient = names.Gradient;
        }

        WriteScalar(writer, number, names with { Gradient = gradient });
    }

    /// <summary>Locals TrainBatch's steps share, before them.</summary>
    public virtual void WriteMeanPrelude(SourceWriter writer, NumberType number)
    {
    }

    /// <summary>TrainBatch's step of one parameter from the sum <see cref="StepNames.Gradient"/> of its gradients over <c>rows</c> rows.</summary>
    public virtual void WriteMeanStep(SourceWriter writer, NumberType number, StepNames names)
    {
        if (InlinesGradient)
        {
            WriteScalar(writer, number, names with { Gradient = $"{names.Gradient} / rows" });
            return;
        }

        writer.WriteLine($"{names.Gradient} /= rows;");
        WriteScalar(writer, number, names);
    }

    /// <summary>
    /// What the blocked layout's mean steps share, after <see cref="WriteMeanPrelude"/>: 1 / rows, so that each
    /// gradient's mean is a multiply, not a division (a division per vector of parameters cost as much as Adam's
    /// square root). For a power of two rows, such as a batch of 32, the mean is the same number either way; for
    /// other row counts it can differ from g / rows in the last bit.
    /// </summary>
    public virtual void WriteMeanVectorPrelude(SourceWriter writer, NumberType number, string vector) =>
        writer.WriteLine($"{number.Name} {InverseRows} = {number.One} / rows;");

    /// <summary>The blocked layout's 1 / rows, by which its mean steps multiply each sum of gradients.</summary>
    protected const string InverseRows = "inverseRows";

    /// <summary>
    /// The blocked layout's mean step of one vector of parameters, from the vector <paramref name="gradientSum"/> of
    /// their gradients summed over <c>rows</c> rows: declares <c>ww</c> and the state vectors, as <see cref="WriteVector"/>.
    /// </summary>
    public virtual void WriteMeanVector(SourceWriter writer, NumberType number, string vector, string gradientSum, VectorNames names) =>
        WriteVector(writer, number, vector, names with { Gradient = $"{gradientSum} * {InverseRows}" });

    /// <summary>
    /// The blocked layout's mean step of one parameter from <paramref name="gradientSum"/>, an element it must
    /// not write (<see cref="WriteMeanStep"/> divides its local in place).
    /// </summary>
    public virtual void WriteMeanScalar(SourceWriter writer, NumberType number, string gradientSum, StepNames names)
    {
        string gradient = $"{gradientSum} * {InverseRows}";
        if (!InlinesGradient)
        {
            writer.WriteLine($"{number.Name} {names.Gradient} = {gradient};");
            gradient = names.Gradient;
        }

        WriteScalar(writer, number, names with { Gradient = gradient });
    }

    /// <summary>The local that holds the new value of a field until the guard has passed it: the field's name without its underscore.</summary>
    public static string NewValue(string field) => field.Substring(1);

    /// <summary>
    /// The comment with <see cref="Formula"/>: on one line when it fits, otherwise the name and then one
    /// line per assignment (iRPROP-'s five do not fit on one).
    /// </summary>
    public void WriteFormula(SourceWriter writer)
    {
        if (Formula.Length + 3 <= writer.Room)
        {
            writer.WriteComment(Formula);
            return;
        }

        writer.WriteComment(Name + ", in this order:");
        foreach (string step in Steps)
        {
            writer.WriteComment("    " + step);
        }
    }

    /// <summary>A constant of the network, with an invariant-culture literal.</summary>
    public static void WriteConstant(SourceWriter writer, NumberType number, string name, double value)
    {
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private const {number.Name} {name} = {number.Literal(value)};");
    }

    /// <summary>The statement on one line when it fits, otherwise its first part and the others indented below it.</summary>
    protected static void WriteWrapped(SourceWriter writer, string first, params string[] rest)
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

    /// <summary>The index of the slot named <paramref name="slot"/> ("m" or "v") in <see cref="State"/>.</summary>
    protected int IndexOf(string slot) => State.Select(s => s.Slot).ToList().IndexOf(slot);
}

/// <summary>One number an optimizer keeps per parameter.</summary>
/// <param name="Field">Its field of a parameter field (straight-line), or its array of the parameter array (blocked).</param>
/// <param name="RefName">The blocked layout's ref local to its array: velocity, firstMoment.</param>
/// <param name="SpareArray">The blocked layout's array that takes a step's new values: _v_spare.</param>
/// <param name="Slot">The blocked layout's ref local to one parameter's element: m or v.</param>
/// <param name="Local">The local of its new value in the blocked layout's steps: vv, mm.</param>
/// <param name="Checked">
/// The guard checks its new value: a non-finite velocity or m makes the parameter non-finite too (the
/// learning rate is positive and finite), but a v of infinity would only make the parameter's step 0.
/// </param>
internal sealed record OptimizerStateSlot(System.Func<string, string> Field, string RefName, string SpareArray, string Slot, string Local, bool Checked);

/// <summary>One parameter's values in a scalar step.</summary>
/// <param name="Gradient">g: an expression, or the local that <see cref="OptimizerCode.WriteSampleStep"/> declares for it.</param>
/// <param name="W">The parameter now.</param>
/// <param name="NewW">The local for its new value.</param>
/// <param name="State">Its state now, one per slot of <see cref="OptimizerCode.State"/>.</param>
/// <param name="NewState">The locals for the new state, one per slot.</param>
/// <param name="Scratch">A prefix-free name for a local of the step's own (iRPROP-'s g * gPrev).</param>
internal sealed record StepNames(string Gradient, string W, string NewW, string[] State, string[] NewState, string Scratch);

/// <summary>One vector of parameters' values: the gradient vector's expression, the parameters and the state slots loaded.</summary>
internal sealed record VectorNames(string Gradient, string W, string[] State);
