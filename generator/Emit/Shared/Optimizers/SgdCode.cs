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

    // The blocked layout steps SGD's rows with WriteRowVector and its mean steps with WriteMeanVector, both
    // with the learning rate folded into a factor: nothing asks for a vector step from a bare gradient.
    public override void WriteVector(SourceWriter writer, NumberType number, string vector, VectorNames names) =>
        throw new System.InvalidOperationException("SGD's vector steps are WriteRowVector and WriteMeanVector.");

    // learningRate * d_j once per row: then each weight of the row is w - a_i * step, one multiply.
    public override string RowFactor => "step";

    public override string RowFactorValue(string delta) => $"learningRate * {delta}";

    public override string[] RowFactorScalars => ["learningRate"];

    // The row factor holds the learning rate already.
    public override string[] StepScalars => [];

    public override void WriteRowVector(SourceWriter writer, NumberType number, string vector, string activations, VectorNames names) =>
        writer.WriteLine($"{vector} ww = {names.W} - {activations} * {RowFactor};");

    public override void WriteRowScalar(SourceWriter writer, NumberType number, string? activation, StepNames names) =>
        writer.WriteLine(activation is null
            ? $"{number.Name} {names.NewW} = {names.W} - {RowFactor};"
            : $"{number.Name} {names.NewW} = {names.W} - {RowFactor} * {activation};");

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

    // The blocked layout's mean steps multiply by step too: no vector of rows.
    public override void WriteMeanVectorPrelude(SourceWriter writer, NumberType number, string vector)
    {
    }

    public override void WriteMeanVector(SourceWriter writer, NumberType number, string vector, string gradientSum, VectorNames names) =>
        writer.WriteLine($"{vector} ww = {names.W} - {gradientSum} * step;");

    public override void WriteMeanScalar(SourceWriter writer, NumberType number, string gradientSum, StepNames names) =>
        WriteMeanStep(writer, number, names with { Gradient = gradientSum });
}
