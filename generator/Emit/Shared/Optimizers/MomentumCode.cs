using System.Collections.Generic;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>Gradient descent with momentum: each parameter keeps a velocity v = Momentum * v + g and moves by learningRate * v.</summary>
internal sealed class MomentumCode : OptimizerCode
{
    public static MomentumCode Instance { get; } = new();

    public override string Name => "momentum";

    public override string[] Steps => ["v = Momentum * v + g", "w -= learningRate * v"];

    public override string[] HeaderIntroduction(NetworkOptions options, NumberType number) =>
    [
        $"momentum (Momentum = {number.Literal(options.Momentum)}). Every weight or bias w with gradient g",
        "keeps a velocity v, 0 at first; at every step:",
    ];

    public override IReadOnlyList<OptimizerStateSlot> State { get; } =
        [new(GeneratedNames.SecondState, "velocity", "_v_spare", "v", "vv", Checked: false)];

    public override bool InlinesGradient => true;

    public override string[] ArraysComment => ["The velocities v, laid out like the parameters, and a step's new ones, swapped in once every new value is finite."];

    public override string[] ConstantNames => [GeneratedNames.MomentumConstant];

    public override void WriteConstants(SourceWriter writer, NetworkOptions options, NumberType number)
    {
        writer.WriteComment("Momentum: each parameter keeps a velocity v = Momentum * v + gradient, and moves by learningRate * v.");
        WriteConstant(writer, number, GeneratedNames.MomentumConstant, options.Momentum);
    }

    public override void WriteScalar(SourceWriter writer, NumberType number, StepNames names)
    {
        string velocity = names.NewState[0];
        writer.WriteLine($"{number.Name} {velocity} = {GeneratedNames.MomentumConstant} * {names.State[0]} + {names.Gradient};");
        writer.WriteLine($"{number.Name} {names.NewW} = {names.W} - learningRate * {velocity};");
    }

    public override void WriteVector(SourceWriter writer, NumberType number, string vector, VectorNames names)
    {
        writer.WriteLine($"{vector} vv = {names.State[0]} * {GeneratedNames.MomentumConstant} + {names.Gradient};");
        writer.WriteLine($"{vector} ww = {names.W} - vv * learningRate;");
    }
}
