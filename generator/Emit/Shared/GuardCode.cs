namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// The checks every layout writes at the same places: the arguments, through the runtime's
/// <c>NetworkGuard</c>, and the finite checks that keep a NaN or an infinity out of the parameters.
/// </summary>
internal static class GuardCode
{
    /// <summary>The runtime's argument checks, the one place its name is written.</summary>
    public const string TypeName = "global::Unrolled.NetworkGuard";

    /// <summary>
    /// The learning rate's check, at the top of Train and TrainBatch of both layouts: a NaN,
    /// infinite, zero or negative rate throws before anything changes.
    /// </summary>
    public static void WriteLearningRateCheck(SourceWriter writer) =>
        writer.WriteLine($"{TypeName}.PositiveFinite(learningRate, \"learningRate\");");

    /// <summary>The blocked TrainBatch's check of the loss sum, which carries every row's z - z, before the step is worked out.</summary>
    public static void WriteBatchCheck(SourceWriter writer, NumberType number)
    {
        writer.WriteComment("A NaN or infinity in any row, or in the loss, makes lossSum NaN or infinite: then the step changes nothing.");
        WriteReturnIfNotFinite(writer, number, "lossSum", "lossSum / rows");
        writer.WriteLine();
    }

    /// <summary>If <paramref name="value"/> is not finite, return <paramref name="returned"/>.</summary>
    public static void WriteReturnIfNotFinite(SourceWriter writer, NumberType number, string value, string returned)
    {
        writer.OpenBlock($"if (!{number.Name}.IsFinite({value}))");
        writer.WriteLine($"return {returned};");
        writer.CloseBlock();
    }
}
