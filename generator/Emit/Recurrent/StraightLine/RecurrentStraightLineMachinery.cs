using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Recurrent.StraightLine;

/// <summary>
/// The straight-line layout's machinery: each cell's gradient statements, one per parameter, which the lesson's
/// backward step calls, and the output layer Step calls, written out output by output.
/// </summary>
internal static class RecurrentStraightLineMachinery
{
    public static string Gradients(int layer) => RecurrentNames.CellGradients(layer);

    /// <summary>
    /// Cell <paramref name="layer"/>'s gradients at one time step from its parts: dE/dW_ih += (input parts) x^T,
    /// dE/dW_hh += (state parts) hPrev^T, the biases += the parts; then dE/dhPrev += W_hh^T (state parts) into
    /// carry and, above the first cell, dE/dx += W_ih^T (input parts) into below.
    /// </summary>
    public static void WriteGradients(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        NumberType number = context.Number;
        NetworkShape shape = context.Shape;
        RecurrentLayout layout = context.Layout;
        CellCode cell = layout.CellOf(layer);
        CellStraightLine code = RecurrentStraightLine.For(cell);
        int inputs = shape.Size(layer - 1);
        int size = shape.Size(layer);
        int rows = layout.GateRows(layer);
        string l = NetworkShape.Number(layer);
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Cell {l}'s gradients at one time step, a statement per parameter, from the parts {RecurrentNames.CellBackward(layer)} worked out:" +
            " dE/dW_ih += (input parts) x^T, dE/dW_hh += (state parts) hPrev^T, dE/db_ih += input parts, dE/db_hh += state parts;" +
            " then dE/dhPrev += W_hh^T (state parts)" + (layer > 1 ? " and dE/dx += W_ih^T (input parts)." : "."));
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        string below = layer > 1 ? $"{number.Span} below, " : string.Empty;
        writer.OpenBlock($"private void {Gradients(layer)}({number.ReadOnlySpan} x, {number.ReadOnlySpan} hPrev, {number.ReadOnlySpan} parts, {number.Span} carry, {below}{number.Span} gradients)");
        writer.WriteComment("Every span at its exact length: a check each here, none at the constant indices below.");
        RecurrentStraightLine.WriteParameterSpan(writer, number);
        writer.WriteStatements(new[]
        {
            $"x = x.Slice(0, {NetworkShape.Number(inputs)});",
            $"hPrev = hPrev.Slice(0, {NetworkShape.Number(size)});",
            $"parts = parts.Slice(0, {NetworkShape.Number(code.PartsCount(size))});",
            $"carry = carry.Slice(0, {NetworkShape.Number(size)});",
            layer > 1 ? $"below = below.Slice(0, {NetworkShape.Number(inputs)});" : string.Empty,
            $"gradients = gradients.Slice(0, {GeneratedNames.ParameterCount});",
        }.Where(statement => statement.Length > 0));

        string Part(int row) => RecurrentStraightLine.At("parts", row);
        string StatePart(int row) => RecurrentStraightLine.At("parts", code.StatePart(row, size));
        string G(long index) => RecurrentStraightLine.At("gradients", index);

        writer.WriteComment("dE/dW_ih[row, i] += (input part)_row * x_i, row by row.");
        writer.WriteStatements(Enumerable.Range(0, rows).SelectMany(row => Enumerable.Range(0, inputs)
            .Select(i => $"{G(layout.InputWeightsStart(layer) + ((long)row * inputs) + i)} += {Part(row)} * {RecurrentStraightLine.At("x", i)};")));
        writer.WriteComment("dE/dW_hh[row, j] += (state part)_row * hPrev_j.");
        writer.WriteStatements(Enumerable.Range(0, rows).SelectMany(row => Enumerable.Range(0, size)
            .Select(j => $"{G(layout.HiddenWeightsStart(layer) + ((long)row * size) + j)} += {StatePart(row)} * {RecurrentStraightLine.At("hPrev", j)};")));
        writer.WriteComment("dE/db_ih += the input parts, dE/db_hh += the state parts.");
        writer.WriteStatements(Enumerable.Range(0, rows).Select(row => $"{G(layout.InputBiasesStart(layer) + row)} += {Part(row)};"));
        writer.WriteStatements(Enumerable.Range(0, rows).Select(row => $"{G(layout.HiddenBiasesStart(layer) + row)} += {StatePart(row)};"));
        writer.WriteComment("dE/dhPrev_j += sum_row W_hh[row, j] * (state part)_row: what the previous time step passes on.");
        for (int j = 0; j < size; j++)
        {
            IEnumerable<string> terms = Enumerable.Range(0, rows).Select(row => $"{RecurrentStraightLine.P(layout.HiddenWeightsStart(layer) + ((long)row * size) + j)} * {StatePart(row)}");
            writer.WriteLine($"{RecurrentStraightLine.At("carry", j)} += {string.Join(" + ", terms)};");
        }

        if (layer > 1)
        {
            writer.WriteComment("dE/dx_i += sum_row W_ih[row, i] * (input part)_row: x is the cell below's h at this step.");
            for (int i = 0; i < inputs; i++)
            {
                IEnumerable<string> terms = Enumerable.Range(0, rows).Select(row => $"{RecurrentStraightLine.P(layout.InputWeightsStart(layer) + ((long)row * inputs) + i)} * {Part(row)}");
                writer.WriteLine($"{RecurrentStraightLine.At("below", i)} += {string.Join(" + ", terms)};");
            }
        }

        writer.CloseBlock();
    }

    /// <summary>The output layer Step calls, o = f(W h + b) written out output by output; training's OutputLoss is the recurrent layout's.</summary>
    public static void WriteOutput(SourceWriter writer, RecurrentEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        RecurrentLayout layout = context.Layout;
        int output = shape.OutputLayer;
        int inputs = shape.Size(output - 1);
        int outputs = shape.OutputCount;
        string o = NetworkShape.Number(output);
        Activation activation = shape.OutputActivation;
        writer.WriteLine($"/// <summary>The output layer, written out: o = {ActivationCode.Name(activation)}(W{o} {RecurrentEmitContext.StateSymbol(output - 1)} + b{o}), to <paramref name=\"o\"/>.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {RecurrentNames.Output}({number.ReadOnlySpan} h, {number.Span} o)");
        writer.WriteComment("p, h and o at their exact lengths: a check each here, none at the constant indices below.");
        RecurrentStraightLine.WriteParameterSpan(writer, number);
        writer.WriteLine($"h = h.Slice(0, {NetworkShape.Number(inputs)}); o = o.Slice(0, {GeneratedNames.OutputCount});");
        writer.WriteComment($"z_k = sum_j W{o}[k, j] * h_j + b{o}[k].");
        for (int k = 0; k < outputs; k++)
        {
            IEnumerable<string> terms = Enumerable.Range(0, inputs)
                .Select(j => $"{RecurrentStraightLine.P(layout.OutputWeightsStart + ((long)k * inputs) + j)} * {RecurrentStraightLine.At("h", j)}")
                .Append(RecurrentStraightLine.P(layout.OutputBiasesStart + k));
            writer.WriteLine($"{number.Name} z{NetworkShape.Number(k)} = {string.Join(" + ", terms)};");
        }

        if (activation == Activation.Softmax)
        {
            writer.WriteComment("Softmax: o_k = exp(z_k - m) / sum_j exp(z_j - m), with m the largest z, so no exp overflows.");
            string max = "z0";
            for (int k = 1; k < outputs; k++)
            {
                max = $"{number.Math}.Max({max}, z{NetworkShape.Number(k)})";
            }

            writer.WriteLine($"{number.Name} m = {max};");
            for (int k = 0; k < outputs; k++)
            {
                writer.WriteLine($"{number.Name} e{NetworkShape.Number(k)} = {number.Exp}(z{NetworkShape.Number(k)} - m);");
            }

            writer.WriteLine($"{number.Name} sum = {string.Join(" + ", Enumerable.Range(0, outputs).Select(k => "e" + NetworkShape.Number(k)))};");
            writer.WriteStatements(Enumerable.Range(0, outputs).Select(k => $"o[{NetworkShape.Number(k)}] = e{NetworkShape.Number(k)} / sum;"));
        }
        else
        {
            writer.WriteComment($"o_k = {ActivationCode.Formula(activation, "z_k")}.");
            for (int k = 0; k < outputs; k++)
            {
                writer.WriteLine($"o[{NetworkShape.Number(k)}] = {ActivationCode.Apply(activation, Lanes.Scalar(number), "z" + NetworkShape.Number(k))};");
            }
        }

        writer.CloseBlock();
    }
}
