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

    /// <summary>The output layer Step calls, o = f(W h + b) written out output by output.</summary>
    public static void WriteOutput(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;
        int output = context.Shape.OutputLayer;
        string o = NetworkShape.Number(output);
        Activation activation = context.Shape.OutputActivation;
        writer.WriteLine($"/// <summary>The output layer, written out: o = {ActivationCode.Name(activation)}(W{o} {RecurrentEmitContext.StateSymbol(output - 1)} + b{o}), to <paramref name=\"o\"/>.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {RecurrentNames.Output}({number.ReadOnlySpan} h, {number.Span} o)");
        writer.WriteComment("p, h and o at their exact lengths: a check each here, none at the constant indices below.");
        RecurrentStraightLine.WriteParameterSpan(writer, number);
        writer.WriteLine($"h = h.Slice(0, {NetworkShape.Number(context.Shape.Size(output - 1))}); o = o.Slice(0, {GeneratedNames.OutputCount});");
        WriteOutputs(writer, context);
        writer.WriteStatements(Enumerable.Range(0, context.Shape.OutputCount).Select(k => $"o[{N(k)}] = o{N(k)};"));
        writer.CloseBlock();
    }

    /// <summary>
    /// The output layer at one time step of training, written out: o from h, the step's loss (returned) and each
    /// output's delta d_k = dE/dz_k, as the blocked layout's OutputLoss computes them.
    /// </summary>
    public static void WriteOutputLoss(SourceWriter writer, RecurrentEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        Activation activation = shape.OutputActivation;
        LossCode loss = LossCode.For(shape);
        Lanes scalar = Lanes.Scalar(number);
        int outputs = shape.OutputCount;
        writer.WriteLine($"/// <summary>The output layer at one time step of training, written out: o from <paramref name=\"h\"/>, this step's loss {loss.Expression}");
        writer.WriteLine($"/// (returned) and each output's delta d_k = dE/dz_k = {loss.OutputDeltaFormula} (into <paramref name=\"deltas\"/>).</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private {number.Name} {RecurrentNames.OutputLoss}({number.ReadOnlySpan} h, {number.ReadOnlySpan} t, {number.Span} deltas)");
        writer.WriteComment("p, h, t and deltas at their exact lengths: a check each here, none at the constant indices below.");
        RecurrentStraightLine.WriteParameterSpan(writer, number);
        writer.WriteStatements(new[]
        {
            $"h = h.Slice(0, {NetworkShape.Number(shape.Size(shape.OutputLayer - 1))});",
            $"t = t.Slice(0, {GeneratedNames.OutputCount});",
            $"deltas = deltas.Slice(0, {GeneratedNames.OutputCount});",
        });
        WriteOutputs(writer, context);
        if (loss.NeedsSoftmaxNormaliser)
        {
            writer.WriteComment("ln(sum_j exp(z_j - m)) and the targets' sum, for a loss that stays finite and the exact delta.");
            writer.WriteLine($"{number.Name} logSum = {number.Math}.Log(sum);");
            writer.WriteLine($"{number.Name} targetSum = {string.Join(" + ", Enumerable.Range(0, outputs).Select(k => $"t[{N(k)}]"))};");
        }

        LossCode.OutputValues Values(int k) => new($"o{N(k)}", $"t[{N(k)}]", $"e{N(k)}", $"z{N(k)}", ActivationCode.NeedsZ(activation) ? $"z{N(k)}" : null);
        writer.WriteComment($"{loss.LoopComment}; d_k = {loss.OutputDeltaFormula}.");
        if (!loss.NeedsSoftmaxNormaliser)
        {
            writer.WriteStatements(Enumerable.Range(0, outputs).Select(k => $"{number.Name} e{N(k)} = o{N(k)} - t[{N(k)}];"));
        }

        for (int k = 0; k < outputs; k++)
        {
            writer.WriteLine($"deltas[{N(k)}] = {loss.Delta(scalar, Values(k))};");
        }

        writer.WriteLine($"{number.Name} {loss.Accumulator} = {string.Join(" + ", Enumerable.Range(0, outputs).Select(k => loss.Term(scalar, Values(k))))};");
        writer.WriteLine($"return {loss.Total(scalar, loss.Accumulator)};");
        writer.CloseBlock();
    }

    /// <summary>The output layer's part of one time step back: dE/dW += d h^T, dE/db += d, dE/dh += W^T d, written out.</summary>
    public static void WriteOutputGradients(SourceWriter writer, RecurrentEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        RecurrentLayout layout = context.Layout;
        int output = shape.OutputLayer;
        int inputs = shape.Size(output - 1);
        int outputs = shape.OutputCount;
        string o = NetworkShape.Number(output);
        string h = RecurrentEmitContext.StateSymbol(output - 1);
        writer.WriteLine($"/// <summary>The output layer at one time step back, a statement per parameter: dE/dW{o} += d {h}^T, dE/db{o} += d, and dE/d{h} += W{o}^T d into <paramref name=\"dh\"/>.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {RecurrentNames.OutputGradients}({number.ReadOnlySpan} h, {number.ReadOnlySpan} d, {number.Span} dh, {number.Span} gradients)");
        writer.WriteComment("Every span at its exact length: a check each here, none at the constant indices below.");
        RecurrentStraightLine.WriteParameterSpan(writer, number);
        writer.WriteStatements(new[]
        {
            $"h = h.Slice(0, {N(inputs)});",
            $"d = d.Slice(0, {GeneratedNames.OutputCount});",
            $"dh = dh.Slice(0, {N(inputs)});",
            $"gradients = gradients.Slice(0, {GeneratedNames.ParameterCount});",
        });
        writer.WriteComment($"dE/dW{o}[k, j] += d_k * h_j, dE/db{o}[k] += d_k.");
        writer.WriteStatements(Enumerable.Range(0, outputs).SelectMany(k => Enumerable.Range(0, inputs)
            .Select(j => $"{RecurrentStraightLine.At("gradients", layout.OutputWeightsStart + ((long)k * inputs) + j)} += d[{N(k)}] * h[{N(j)}];")));
        writer.WriteStatements(Enumerable.Range(0, outputs).Select(k => $"{RecurrentStraightLine.At("gradients", layout.OutputBiasesStart + k)} += d[{N(k)}];"));
        writer.WriteComment($"dE/d{h}_j += sum_k W{o}[k, j] * d_k.");
        for (int j = 0; j < inputs; j++)
        {
            IEnumerable<string> terms = Enumerable.Range(0, outputs).Select(k => $"{RecurrentStraightLine.P(layout.OutputWeightsStart + ((long)k * inputs) + j)} * d[{N(k)}]");
            writer.WriteLine($"dh[{N(j)}] += {string.Join(" + ", terms)};");
        }

        writer.CloseBlock();
    }

    /// <summary>The straight-line network's PackColumns: the cells read the parameters themselves, so there is nothing to pack.</summary>
    public static void WriteNoPacking(SourceWriter writer)
    {
        writer.WriteLine("/// <summary>Called whenever the parameters change, as the blocked layout repacks its columns: the straight-line cells");
        writer.WriteLine("/// read the parameters themselves, so there is nothing to do.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {RecurrentNames.PackColumns}()");
        writer.CloseBlock();
    }

    // z_k = sum_j W[k, j] h_j + b[k], then o_k: locals z0.. and o0.. (softmax: m, s0.., sum).
    private static void WriteOutputs(SourceWriter writer, RecurrentEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        RecurrentLayout layout = context.Layout;
        int output = shape.OutputLayer;
        int inputs = shape.Size(output - 1);
        int outputs = shape.OutputCount;
        string o = NetworkShape.Number(output);
        Activation activation = shape.OutputActivation;
        writer.WriteComment($"z_k = sum_j W{o}[k, j] * h_j + b{o}[k].");
        for (int k = 0; k < outputs; k++)
        {
            IEnumerable<string> terms = Enumerable.Range(0, inputs)
                .Select(j => $"{RecurrentStraightLine.P(layout.OutputWeightsStart + ((long)k * inputs) + j)} * h[{N(j)}]")
                .Append(RecurrentStraightLine.P(layout.OutputBiasesStart + k));
            writer.WriteLine($"{number.Name} z{N(k)} = {string.Join(" + ", terms)};");
        }

        if (activation == Activation.Softmax)
        {
            writer.WriteComment("Softmax: o_k = exp(z_k - m) / sum_j exp(z_j - m), with m the largest z, so no exp overflows.");
            string max = "z0";
            for (int k = 1; k < outputs; k++)
            {
                max = $"{number.Math}.Max({max}, z{N(k)})";
            }

            writer.WriteLine($"{number.Name} m = {max};");
            writer.WriteStatements(Enumerable.Range(0, outputs).Select(k => $"{number.Name} s{N(k)} = {number.Exp}(z{N(k)} - m);"));
            writer.WriteLine($"{number.Name} sum = {string.Join(" + ", Enumerable.Range(0, outputs).Select(k => "s" + N(k)))};");
            writer.WriteStatements(Enumerable.Range(0, outputs).Select(k => $"{number.Name} o{N(k)} = s{N(k)} / sum;"));
            return;
        }

        writer.WriteComment($"o_k = {ActivationCode.Formula(activation, "z_k")}.");
        for (int k = 0; k < outputs; k++)
        {
            writer.WriteLine($"{number.Name} o{N(k)} = {ActivationCode.Apply(activation, Lanes.Scalar(number), "z" + N(k))};");
        }
    }

    private static string N(int value) => NetworkShape.Number(value);
}
