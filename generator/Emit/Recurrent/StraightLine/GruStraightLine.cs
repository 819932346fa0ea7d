using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Recurrent.StraightLine;

/// <summary>A GRU cell written out. Its parts are dr, dz, dn (the input's, and r's and z's of the state), then n's state part dn * r.</summary>
internal sealed class GruStraightLine : CellStraightLine
{
    public static GruStraightLine Instance { get; } = new();

    public override int PartsCount(int size) => 4 * size;

    public override int StatePart(int row, int size) => row < 2 * size ? row : row + size;

    public override void WriteForward(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        int size = context.Shape.Size(layer);
        string one = context.Number.One;
        writer.WriteComment("Reset gate r = sigmoid(W_ir x + b_ir + W_hr hPrev + b_hr): how much of hPrev the candidate sees;");
        writer.WriteComment("update gate z = sigmoid(W_iz x + b_iz + W_hz hPrev + b_hz): how much of hPrev h keeps. The sums, r's then");
        writer.WriteComment("z's, then the sigmoid of both at once, a vector of units at a time.");
        WriteEach(writer, size, j => $"r[{N(j)}] = {Gate(context, layer, 0, j)};");
        WriteEach(writer, size, j => $"z[{N(j)}] = {Gate(context, layer, 1, j)};");
        writer.WriteLine($"{RecurrentNames.Sigmoid}(record.Slice({N(size)}, {N(2 * size)}));");
        writer.WriteComment("Candidate n = tanh(W_in x + b_in + r * hn), with hn = W_hn hPrev + b_hn kept for the backward step.");
        WriteEach(writer, size, j => $"hn[{N(j)}] = {Sum(RecurrentStraightLine.GateTerms(context, layer, 2, j, "x").State)};");
        WriteEach(writer, size, j => $"n[{N(j)}] = {Sum(RecurrentStraightLine.GateTerms(context, layer, 2, j, "x").Input)} + r[{N(j)}] * hn[{N(j)}];");
        writer.WriteLine($"{RecurrentNames.Tanh}(n);");
        writer.WriteComment("New state h = (1 - z) * n + z * hPrev.");
        WriteEach(writer, size, j => $"h[{N(j)}] = ({one} - z[{N(j)}]) * n[{N(j)}] + z[{N(j)}] * hPrev[{N(j)}];");
    }

    public override void WriteBackward(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        string one = context.Number.One;
        int size = context.Shape.Size(layer);
        writer.WriteComment("Through h = (1 - z) * n + z * hPrev, then n's tanh: dn = dh * (1 - z) * (1 - n^2), with dh in carry.");
        WriteEach(writer, size, j => $"parts[{N((2 * size) + j)}] = carry[{N(j)}] * ({one} - z[{N(j)}]) * ({one} - n[{N(j)}] * n[{N(j)}]);");
        writer.WriteComment("dz = dh * (hPrev - n) * z * (1 - z), through the update gate's sigmoid.");
        WriteEach(writer, size, j => $"parts[{N(size + j)}] = carry[{N(j)}] * (hPrev[{N(j)}] - n[{N(j)}]) * (z[{N(j)}] * ({one} - z[{N(j)}]));");
        writer.WriteComment("dr = dn * hn * r * (1 - r): the reset gate scales hn inside n.");
        WriteEach(writer, size, j => $"parts[{N(j)}] = parts[{N((2 * size) + j)}] * hn[{N(j)}] * (r[{N(j)}] * ({one} - r[{N(j)}]));");
        writer.WriteComment("The state's part of n is multiplied by r before it is added: its part is dn * r.");
        WriteUnits(writer, size, j => $"parts[{N((3 * size) + j)}] = parts[{N((2 * size) + j)}] * r[{N(j)}];");
        writer.WriteComment("hPrev reaches h directly too: dE/dhPrev_j starts at dh_j * z_j.");
        WriteUnits(writer, size, j => $"carry[{N(j)}] *= z[{N(j)}];");
    }

    // The whole sum of gate g for unit j: the input's part and the state's part.
    private static string Gate(RecurrentEmitContext context, int layer, int gate, int unit)
    {
        (var input, var state) = RecurrentStraightLine.GateTerms(context, layer, gate, unit, "x");
        return Sum(input) + " + " + Sum(state);
    }
}
