using System.Collections.Generic;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>Plain gradient descent: w -= learningRate * g, no state.</summary>
internal sealed class SgdCode : OptimizerCode
{
    public static SgdCode Instance { get; } = new();

    public override string Name => "gradient descent";

    public override string[] Steps => ["w -= learningRate * g"];

    public override string[] HeaderIntroduction(NetworkOptions options, NumberType number) => ["every weight or bias w with gradient g:"];

    public override IReadOnlyList<OptimizerStateSlot> State { get; } = [];

    public override bool InlinesGradient => true;

    public override void WriteScalar(SourceWriter writer, NumberType number, StepNames names) =>
        writer.WriteLine($"{number.Name} {names.NewW} = {names.W} - learningRate * {names.Gradient};");

    // The blocked layout's SGD steps its rows in its own loop (BlockedPassesWriter): nothing asks for this.
    public override void WriteVector(SourceWriter writer, NumberType number, string vector, VectorNames names) =>
        throw new System.InvalidOperationException("The blocked layout writes SGD's vector step itself.");

    // learningRate * x_i does not wait for the delta, so it is multiplied first: the next sample's
    // forward pass, which reads this weight, waits one step less (worth it on W1).
    public override void WriteSampleStep(SourceWriter writer, NumberType number, StepNames names, string delta, string? input) =>
        writer.WriteLine(input is null
            ? $"{number.Name} {names.NewW} = {names.W} - learningRate * {delta};"
            : $"{number.Name} {names.NewW} = {names.W} - {delta} * (learningRate * {input});");

    public override void WriteMeanPrelude(SourceWriter writer, NumberType number) =>
        writer.WriteLine($"{number.Name} step = learningRate / rows;");

    // One division per update rather than one per parameter: step = learningRate / rows.
    public override void WriteMeanStep(SourceWriter writer, NumberType number, StepNames names) =>
        writer.WriteLine($"{number.Name} {names.NewW} = {names.W} - step * {names.Gradient};");
}
