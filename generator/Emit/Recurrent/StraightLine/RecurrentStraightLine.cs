using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Recurrent.StraightLine;

/// <summary>
/// The straight-line recurrent layout, for networks within <see cref="NetworkLimits.LayoutFor"/>: each cell's
/// forward and backward time step written out gate by gate and unit by unit, every gate's sum with its weights;
/// loops remain only over time steps and sequences, whose counts are known at run time, and in the sigmoid and
/// tanh each gate's units go through at once, a SIMD vector at a time (faster than Math.Exp or Math.Tanh per unit).
/// </summary>
/// <remarks>
/// The parameters stay in the one array in PyTorch's order, read at constant indices: Save and Load,
/// CopyParametersTo and SetParameters, ONNX, the optimizers and frozen networks keep working as they are, and
/// each method cuts its spans to their exact lengths first, one check each, so the JIT drops the checks at the
/// constant indices. Fields per parameter, as the dense straight-line layout has, would need all of those again.
/// A frozen network of this size gets the same Step and forward steps over its static array of the file's parameters.
/// </remarks>
internal static class RecurrentStraightLine
{
    /// <summary>
    /// Whether this network is written straight-line: small enough for its optimizer. A frozen network declares
    /// none, so it takes SGD's limit, as a frozen dense network does, and steps bit for bit like a trained network
    /// of the same layout: every one trained with SGD, and with Momentum or Adam within their lower limit.
    /// </summary>
    public static bool Applies(RecurrentEmitContext context) =>
        NetworkLimits.LayoutFor(context.Layout.ParameterCount, context.Options.Optimizer) == NetworkLayout.StraightLine;

    /// <summary>"p[12]": a parameter at its index in the array.</summary>
    public static string P(long index) => $"p[{NetworkShape.Number(index)}]";

    /// <summary>"span[3]".</summary>
    public static string At(string span, long index) => $"{span}[{NetworkShape.Number(index)}]";

    /// <summary>
    /// The terms of gate <paramref name="gate"/>'s sum for <paramref name="unit"/>, split as the equations split it:
    /// the input's part W_i x + b_i and the state's part W_h hPrev + b_h.
    /// </summary>
    public static (List<string> Input, List<string> State) GateTerms(RecurrentEmitContext context, int layer, int gate, int unit, string x)
    {
        NetworkShape shape = context.Shape;
        RecurrentLayout layout = context.Layout;
        int inputs = shape.Size(layer - 1);
        int size = shape.Size(layer);
        long row = ((long)gate * size) + unit;
        List<string> input = [.. Enumerable.Range(0, inputs).Select(i => $"{P(layout.InputWeightsStart(layer) + (row * inputs) + i)} * {At(x, i)}")];
        input.Add(P(layout.InputBiasesStart(layer) + row));
        List<string> state = [.. Enumerable.Range(0, size).Select(j => $"{P(layout.HiddenWeightsStart(layer) + (row * size) + j)} * {At("hPrev", j)}")];
        state.Add(P(layout.HiddenBiasesStart(layer) + row));
        return (input, state);
    }

    /// <summary>"p": the parameters at their exact length, one check here, none at the constant indices after it.</summary>
    public static void WriteParameterSpan(SourceWriter writer, NumberType number) =>
        writer.WriteLine($"{number.ReadOnlySpan} p = new {number.ReadOnlySpan}({GeneratedNames.ParametersArray}, 0, {GeneratedNames.ParameterCount});");

    /// <summary>The cell's straight-line code: the one place that knows its kind.</summary>
    public static CellStraightLine For(CellCode cell) => cell switch
    {
        GruCode => GruStraightLine.Instance,
        LstmCode => LstmStraightLine.Instance,
        _ => throw new System.ArgumentOutOfRangeException(nameof(cell), cell.Name, "No straight-line code for this cell."),
    };
}
