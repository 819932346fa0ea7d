using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Recurrent.StraightLine;

/// <summary>An LSTM cell written out. Its parts are di, df, dg, do: the input's and the state's alike.</summary>
internal sealed class LstmStraightLine : CellStraightLine
{
    public static LstmStraightLine Instance { get; } = new();

    public override int PartsCount(int size) => 4 * size;

    public override int StatePart(int row, int size) => row;

    public override void WriteForward(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        int size = context.Shape.Size(layer);
        writer.WriteComment("Input gate i and forget gate f: i = sigmoid(W_ii x + b_ii + W_hi hPrev + b_hi), how much of g to add;");
        writer.WriteComment("f = sigmoid(W_if x + b_if + W_hf hPrev + b_hf), how much of cPrev to keep. The sums, i's then f's, then the");
        writer.WriteComment("sigmoid of both at once, a vector of units at a time.");
        WriteEach(writer, size, j => $"i[{N(j)}] = {Gate(context, layer, 0, j)};");
        WriteEach(writer, size, j => $"f[{N(j)}] = {Gate(context, layer, 1, j)};");
        writer.WriteLine($"{RecurrentNames.Sigmoid}(record.Slice({N(2 * size)}, {N(2 * size)}));");
        writer.WriteComment("Candidate g = tanh(W_ig x + b_ig + W_hg hPrev + b_hg): what c may add.");
        WriteEach(writer, size, j => $"g[{N(j)}] = {Gate(context, layer, 2, j)};");
        writer.WriteLine($"{RecurrentNames.Tanh}(g);");
        writer.WriteComment("The output gate o = sigmoid(W_io x + b_io + W_ho hPrev + b_ho): how much of tanh(c) h shows.");
        WriteEach(writer, size, j => $"o[{N(j)}] = {Gate(context, layer, 3, j)};");
        writer.WriteLine($"{RecurrentNames.Sigmoid}(o);");
        writer.WriteComment("New cell state c = f * cPrev + i * g: keep some of the old, add some of the new.");
        WriteEach(writer, size, j => $"c[{N(j)}] = f[{N(j)}] * cPrev[{N(j)}] + i[{N(j)}] * g[{N(j)}];");
        writer.WriteComment("New state h = o * tanh(c).");
        writer.WriteLine("c.CopyTo(tanhC);");
        writer.WriteLine($"{RecurrentNames.Tanh}(tanhC);");
        WriteUnits(writer, size, j => $"h[{N(j)}] = o[{N(j)}] * tanhC[{N(j)}];");
    }

    public override void WriteBackward(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        string one = context.Number.One;
        int size = context.Shape.Size(layer);
        string dc(int j) => $"carry[{N(size + j)}]";
        writer.WriteComment("dc = dE/dc from the next step, plus dh through h = o * tanh(c); dh and dc are in carry.");
        WriteEach(writer, size, j => $"{dc(j)} += carry[{N(j)}] * o[{N(j)}] * ({one} - tanhC[{N(j)}] * tanhC[{N(j)}]);");
        writer.WriteComment("Through c = f * cPrev + i * g and each gate's sigmoid or tanh: di = dc * g * i * (1 - i),");
        writer.WriteComment("df = dc * cPrev * f * (1 - f), dg = dc * i * (1 - g^2), do = dh * tanh(c) * o * (1 - o).");
        WriteEach(writer, size, j => $"parts[{N(j)}] = {dc(j)} * g[{N(j)}] * (i[{N(j)}] * ({one} - i[{N(j)}]));");
        WriteEach(writer, size, j => $"parts[{N(size + j)}] = {dc(j)} * cPrev[{N(j)}] * (f[{N(j)}] * ({one} - f[{N(j)}]));");
        WriteEach(writer, size, j => $"parts[{N((2 * size) + j)}] = {dc(j)} * i[{N(j)}] * ({one} - g[{N(j)}] * g[{N(j)}]);");
        WriteEach(writer, size, j => $"parts[{N((3 * size) + j)}] = carry[{N(j)}] * tanhC[{N(j)}] * (o[{N(j)}] * ({one} - o[{N(j)}]));");
        writer.WriteComment("dE/dcPrev = dc * f; dE/dhPrev comes only through the gates, added next.");
        WriteUnits(writer, size, j => $"{dc(j)} *= f[{N(j)}];");
        WriteUnits(writer, size, j => $"carry[{N(j)}] = {context.Number.Zero};");
    }

    private static string Gate(RecurrentEmitContext context, int layer, int gate, int unit)
    {
        (var input, var state) = RecurrentStraightLine.GateTerms(context, layer, gate, unit, "x");
        return Sum(input) + " + " + Sum(state);
    }
}
