namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// The XML documentation of the public training and prediction methods. Both layouts write the
/// same contract, so they share its wording; <c>how</c> lines describe what differs.
/// </summary>
internal static class MemberDocs
{
    public static void WritePredict(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        string n = NetworkShape.Count(shape.InputCount, "value");
        string m = NetworkShape.Count(shape.OutputCount, "value");
        writer.WriteLine($"/// <summary>Runs the forward pass: computes the {NetworkShape.Count(shape.OutputCount, "output")} for {NetworkShape.Count(shape.InputCount, "input")}.</summary>");
        writer.WriteLine($"/// <param name=\"input\">Exactly {n}.</param>");
        writer.WriteLine($"/// <param name=\"output\">At least {m}; the first {NetworkShape.Number(shape.OutputCount)} receive the outputs.</param>");
        writer.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">A span is shorter or longer than this says.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
    }

    // What one update of the network's optimizer is called, so a Momentum or Adam network does not claim plain descent.
    private static string StepName(Model.Optimizer optimizer) => optimizer switch
    {
        Model.Optimizer.Sgd => "gradient-descent step",
        Model.Optimizer.Momentum => "gradient-descent step with momentum",
        Model.Optimizer.Adam => "Adam step",
        Model.Optimizer.Rprop => "iRPROP- step",
        _ => throw new System.ArgumentOutOfRangeException(nameof(optimizer), optimizer, "Unknown optimizer."),
    };

    public static void WriteTrain(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        string n = NetworkShape.Count(shape.InputCount, "value");
        string m = NetworkShape.Count(shape.OutputCount, "value");
        writer.WriteLine($"/// <summary>One {StepName(context.Options.Optimizer)} on one sample: forward pass, backpropagation, update.</summary>");
        writer.WriteLine($"/// <param name=\"input\">Exactly {n}.</param>");
        writer.WriteLine($"/// <param name=\"target\">Exactly {m}: the outputs wanted for <paramref name=\"input\"/>.</param>");
        writer.WriteLine($"/// <param name=\"learningRate\">{LearningRateWords(context, "the gradient")}</param>");
        writer.WriteLine($"/// <returns>The loss <c>{LossCode.For(context.Shape).Expression}</c> of the sample before the update, which was taken and left every " +
            $"parameter {StateWords(context)}finite. Or NaN or infinity, with {UnchangedWords(context)}, when an input, a target, an activation, the loss " +
            "or a new value is not finite: huge finite arguments can overflow in the update.</returns>");
        writer.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">A span is shorter or longer than this says.</exception>");
        WriteLearningRateException(writer);
        writer.WriteLine(GeneratedCode.Attribute);
    }

    public static void WritePredictBatch(SourceWriter writer, EmitContext context, string? how)
    {
        NetworkShape shape = context.Shape;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Runs the forward pass on n rows: row r of <paramref name=\"outputs\"/> receives the outputs for row r of <paramref name=\"inputs\"/>.");
        WriteHow(writer, how);
        writer.WriteLine("/// </summary>");
        writer.WriteLine($"/// <param name=\"inputs\">n rows of {NetworkShape.Count(shape.InputCount, "value")}, row-major; n may be zero.</param>");
        writer.WriteLine($"/// <param name=\"outputs\">At least n rows of {NetworkShape.Count(shape.OutputCount, "value")}, row-major.</param>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"inputs\"/> is not whole rows, or <paramref name=\"outputs\"/> is too short for them.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
    }

    public static void WriteTrainBatch(SourceWriter writer, EmitContext context, string? how)
    {
        NetworkShape shape = context.Shape;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// One step of gradient descent on a batch: backpropagates every row with the same parameters,");
        writer.WriteLine("/// then moves every weight and bias against the mean of its gradients over the rows.");
        WriteHow(writer, how);
        writer.WriteLine("/// </summary>");
        writer.WriteLine($"/// <param name=\"inputs\">n rows of {NetworkShape.Count(shape.InputCount, "value")}, row-major.</param>");
        writer.WriteLine($"/// <param name=\"targets\">n rows of {NetworkShape.Count(shape.OutputCount, "value")}, row-major: the outputs wanted for each row of <paramref name=\"inputs\"/>.</param>");
        writer.WriteLine($"/// <param name=\"learningRate\">{LearningRateWords(context, "the mean gradient")}</param>");
        writer.WriteLine($"/// <returns>The mean loss over the rows before the update, which was taken and left every parameter {StateWords(context)}finite. " +
            $"Or NaN or infinity, with {UnchangedWords(context)}, when an input, a target, an activation or the loss of any row, or a new value, " +
            "is not finite: huge finite arguments can overflow in the update.</returns>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">The spans are empty, not whole rows, or hold different numbers of rows.</exception>");
        WriteLearningRateException(writer);
        writer.WriteLine(GeneratedCode.Attribute);
    }

    // "and velocity ", "and Adam's state ", or nothing for SGD.
    private static string StateWords(EmitContext context) => context.Options.Optimizer switch
    {
        Model.Optimizer.Sgd => string.Empty,
        Model.Optimizer.Momentum => "and velocity ",
        Model.Optimizer.Adam => "and Adam's state ",
        Model.Optimizer.Rprop => "and its step size and last gradient ",
        _ => throw new System.ArgumentOutOfRangeException(nameof(context), context.Options.Optimizer, "Unknown optimizer."),
    };

    private static string UnchangedWords(EmitContext context) => context.Options.Optimizer switch
    {
        Model.Optimizer.Sgd => "the network unchanged",
        Model.Optimizer.Momentum => "the parameters and velocities unchanged",
        Model.Optimizer.Adam => "the parameters and Adam's state (its step count too) unchanged",
        Model.Optimizer.Rprop => "the parameters, their step sizes and last gradients unchanged",
        _ => throw new System.ArgumentOutOfRangeException(nameof(context), context.Options.Optimizer, "Unknown optimizer."),
    };

    // What learningRate means: a factor of the gradient, except for iRPROP-, which moves by step sizes of its own.
    private static string LearningRateWords(EmitContext context, string gradient) => context.Options.Optimizer switch
    {
        Model.Optimizer.Sgd or Model.Optimizer.Momentum or Model.Optimizer.Adam => $"The step size applied to {gradient}: a positive finite number.",
        Model.Optimizer.Rprop => "The first step size, a positive finite number (FANN starts at 0.1): a parameter whose step size is " +
            "still 0 (after construction, Randomize, SetParameters or Load of a network never trained) starts with it; every other " +
            "parameter moves by its own step size, grown or shrunk by the steps before, and learningRate is not read for it.",
        _ => throw new System.ArgumentOutOfRangeException(nameof(context), context.Options.Optimizer, "Unknown optimizer."),
    };

    private static void WriteLearningRateException(SourceWriter writer) =>
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">learningRate is not positive and finite.</exception>");

    private static void WriteHow(SourceWriter writer, string? how)
    {
        if (how is not null)
        {
            writer.WriteLine("/// " + how);
        }
    }

    /// <summary>The XML docs and attribute of Randomize.</summary>
    public static void WriteRandomize(SourceWriter writer)
    {
        writer.WriteLine("/// <summary>Weights drawn from U(-r, r) by SplitMix64 from the seed; biases and optimizer state zero.</summary>");
        writer.WriteLine("/// <param name=\"seed\">Any value; equal seeds give equal networks.</param>");
        writer.WriteLine(GeneratedCode.Attribute);
    }

    /// <summary>The XML docs and attribute of CopyParametersTo.</summary>
    public static void WriteCopyParametersTo(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        string count = NetworkShape.Number(shape.ParameterCount);
        writer.WriteLine($"/// <summary>Copies the {count} parameters to <paramref name=\"destination\"/>: layer by layer, weights W[j, i] row-major, then biases.</summary>");
        writer.WriteLine($"/// <param name=\"destination\">At least {count} values.</param>");
        writer.WriteLine($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"destination\"/> holds fewer than {count} values.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
    }

    /// <summary>The XML docs and attribute of SetParameters.</summary>
    public static void WriteSetParameters(SourceWriter writer, EmitContext context)
    {
        NetworkShape shape = context.Shape;
        string count = NetworkShape.Number(shape.ParameterCount);
        writer.WriteLine($"/// <summary>Replaces all {count} parameters with <paramref name=\"source\"/>, in the order <see cref=\"{GeneratedNames.CopyParametersTo}\"/> writes them.</summary>");
        writer.WriteLine($"/// <param name=\"source\">Exactly {count} values.</param>");
        writer.WriteLine($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"source\"/> does not hold exactly {count} values; the network is left unchanged.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
    }
}
