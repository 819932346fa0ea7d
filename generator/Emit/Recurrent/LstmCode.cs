using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>PyTorch's <c>nn.LSTM</c> cell: input gate i, forget gate f, candidate g, output gate o, and a cell state c.</summary>
internal sealed class LstmCode : CellCode
{
    public static LstmCode Instance { get; } = new();

    public override string Name => "LSTM";

    public override string[] Gates => ["i", "f", "g", "o"];

    // tanhC = tanh(c): the backward step reads it twice.
    public override string[] Record => ["h", "c", "i", "f", "g", "o", "tanhC"];

    public override int StateVectors => 2;

    public override string[] Equations =>
    [
        "i = sigmoid(W_ii x + b_ii + W_hi hPrev + b_hi)           input gate",
        "f = sigmoid(W_if x + b_if + W_hf hPrev + b_hf)           forget gate",
        "g = tanh(W_ig x + b_ig + W_hg hPrev + b_hg)              candidate",
        "o = sigmoid(W_io x + b_io + W_ho hPrev + b_ho)           output gate",
        "c = f * cPrev + i * g                                    new cell state",
        "h = o * tanh(c)                                          new state",
    ];

    public override string[] BackwardEquations =>
    [
        "dc += dh * o * (1 - tanh(c)^2)   with dh, dc = dE/dh, dE/dc (from above and from the next step)",
        "di = dc * g * i * (1 - i),  df = dc * cPrev * f * (1 - f)",
        "dg = dc * i * (1 - g^2),    do = dh * tanh(c) * o * (1 - o)",
        "dcPrev = dc * f,  dhPrev = W_hh^T (di, df, dg, do),  dx = W_ih^T (di, df, dg, do)",
    ];

    public override void WriteForward(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        NumberType number = context.Number;
        string size = NetworkShape.Number(context.Shape.Size(layer));
        string rows = NetworkShape.Number(4 * context.Shape.Size(layer));
        WriteRecordSlices(writer, context, layer, "record", writable: true);
        writer.WriteLine($"{number.ReadOnlySpan} hPrev = previous.Slice(0, {size});");
        writer.WriteLine($"{number.ReadOnlySpan} cPrev = previous.Slice({size}, {size});");
        writer.WriteLine();
        writer.WriteComment("Each gate's sum, i, f, g and o one after another as in W_ih and W_hh: W_ih x + b_ih + W_hh hPrev + b_hh.");
        writer.WriteLine($"{number.Span} gates = record.Slice(2 * {size}, {rows});");
        writer.WriteLine($"parameters.Slice({RecurrentNames.InputBiases(layer)}, {rows}).CopyTo(gates);");
        writer.WriteLine($"{RecurrentNames.AddTo}(gates, parameters.Slice({RecurrentNames.HiddenBiases(layer)}, {rows}));");
        writer.WriteLine($"{RecurrentNames.AddTransposedProduct}(columns.Slice({RecurrentNames.InputColumns(layer)}, x.Length * {rows}), x, gates);");
        writer.WriteLine($"{RecurrentNames.AddTransposedProduct}(columns.Slice({RecurrentNames.HiddenColumns(layer)}, {size} * {rows}), hPrev, gates);");
        writer.WriteLine();
        writer.WriteComment("Input gate i and forget gate f = sigmoid of their sums: how much of g to add, how much of cPrev to keep.");
        writer.WriteLine($"{RecurrentNames.Sigmoid}(gates.Slice(0, 2 * {size}));");
        writer.WriteComment("Candidate g = tanh of its sum; output gate o = sigmoid of its sum: how much of tanh(c) h shows.");
        writer.WriteLine($"{RecurrentNames.Tanh}(g);");
        writer.WriteLine($"{RecurrentNames.Sigmoid}(o);");
        writer.WriteComment("New cell state c = f * cPrev + i * g: keep some of the old, add some of the new.");
        writer.OpenBlock($"for (int j = 0; j < {size}; j++)");
        writer.WriteLine("c[j] = f[j] * cPrev[j] + i[j] * g[j];");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteComment("New state h = o * tanh(c).");
        writer.WriteLine("c.CopyTo(tanhC);");
        writer.WriteLine($"{RecurrentNames.Tanh}(tanhC);");
        writer.OpenBlock($"for (int j = 0; j < {size}; j++)");
        writer.WriteLine("h[j] = o[j] * tanhC[j];");
        writer.CloseBlock();
    }

    public override void WriteStepUnits(SourceWriter writer, StepUnits units)
    {
        string type = units.Type;
        string[] sums = ["si", "sf", "sg", "so"];
        for (int gate = 0; gate < sums.Length; gate++)
        {
            writer.WriteLine($"{type} {sums[gate]} = {units.InputSum(StepUnits.Offset(gate))} + {units.StateSum(StepUnits.Offset(gate))};");
        }

        if (units.Lanes.IsVector)
        {
            WriteVectorStepUnits(writer, units);
            return;
        }

        writer.WriteLine($"{type} i = {units.Apply(Model.Activation.Sigmoid, "si")};");
        writer.WriteLine($"{type} f = {units.Apply(Model.Activation.Sigmoid, "sf")};");
        writer.WriteLine($"{type} g = {units.Apply(Model.Activation.Tanh, "sg")};");
        writer.WriteLine($"{type} o = {units.Apply(Model.Activation.Sigmoid, "so")};");
        writer.WriteLine($"{type} c = f * {units.OldState("size + j")} + i * g;");
        writer.WriteLine(units.NewState("c", "size + j"));
        writer.WriteLine($"{type} tanhC = {units.Apply(Model.Activation.Tanh, "c")};");
        writer.WriteLine(units.NewState("o * tanhC", "j"));
    }

    // The same equations with three divisions where the gates one by one take five: a vector of units is bound by its
    // divisions, and i g and o tanh(c) are each one fraction. With s = 1 / (1 + e^-x) and tanh y = (e^2y - 1) / (e^2y + 1),
    // i g = (e^2sg - 1) / ((1 + e^-si)(e^2sg + 1)). 2y is clamped to where tanh is already -1 or 1 (TanhExp), so
    // e^2y < 5e8 (float) and a denominator past float's range means 1 + e^-si > 7e29: i g < 1.5e-30, and 0 is what it gives.
    // Measured (BenchmarkDotNet, Zen 4): LSTM-16's Step 100 -> 98 ns.
    private static void WriteVectorStepUnits(SourceWriter writer, StepUnits units)
    {
        string type = units.Type;
        string one = units.Lanes.One;
        string exp = units.Lanes.Exp;
        writer.WriteComment("e^-si, e^-sf, e^2sg, e^-so: each gate's exp, as its sigmoid or tanh takes it (2sg clamped where tanh is +-1).");
        writer.WriteLine($"{type} ei = {exp}(-si);");
        writer.WriteLine($"{type} ef = {exp}(-sf);");
        writer.WriteLine($"{type} eg = {TanhExp(units, "sg")};");
        writer.WriteLine($"{type} eo = {exp}(-so);");
        writer.WriteComment("c = f c + i g, with f = 1 / (1 + e^-sf) and i g = (e^2sg - 1) / ((1 + e^-si)(e^2sg + 1)).");
        writer.WriteLine($"{type} c = {units.OldState("size + j")} / ({one} + ef) + (eg - {one}) / (({one} + ei) * (eg + {one}));");
        writer.WriteLine(units.NewState("c", "size + j"));
        writer.WriteComment("h = o tanh(c) = (e^2c - 1) / ((1 + e^-so)(e^2c + 1)), 2c clamped likewise.");
        writer.WriteLine($"{type} ec = {TanhExp(units, "c")};");
        writer.WriteLine(units.NewState($"(ec - {one}) / (({one} + eo) * (ec + {one}))", "j"));
    }

    // e^2y with 2y clamped to where tanh is already -1 or 1: +-20 in float, +-40 in double (tanh 20 is 1 to double's
    // precision, tanh 10 is not). Floats clamp in GateExp's own native min and max; doubles with Min and Max, which keep
    // a NaN.
    private static string TanhExp(StepUnits units, string y)
    {
        Lanes lanes = units.Lanes;
        if (lanes.Exp == RecurrentNames.GateExp)
        {
            return $"{RecurrentNames.GateExp}({y} + {y}, {lanes.Broadcast(lanes.Number.Literal(-20))}, {lanes.Broadcast(lanes.Number.Literal(20))})";
        }

        string vector = lanes.VectorClass;
        return $"{lanes.Exp}({vector}.Min({vector}.Max({y} + {y}, {lanes.Broadcast(lanes.Number.Literal(-40))}), " +
            $"{lanes.Broadcast(lanes.Number.Literal(40))}))";
    }

    public override void WriteBackward(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        NumberType number = context.Number;
        string size = NetworkShape.Number(context.Shape.Size(layer));
        string rows = NetworkShape.Number(4 * context.Shape.Size(layer));
        string one = number.One;
        WriteRecordSlices(writer, context, layer, "record", writable: false, "h", "c");
        writer.WriteLine($"{number.ReadOnlySpan} hPrev = previous.Slice(0, {size});");
        writer.WriteLine($"{number.ReadOnlySpan} cPrev = previous.Slice({size}, {size});");
        writer.WriteComment("dE/d of each gate's sum, i, f, g, o in order: the input part and the state part alike.");
        writer.WriteLine($"{number.Span} parts = scratch.Slice(0, {rows});");
        writer.WriteLine();
        writer.OpenBlock($"for (int j = 0; j < {size}; j++)");
        writer.WriteLine($"{number.Name} dh = carry[j];");
        writer.WriteComment("dc = dE/dc from the next step, plus dh through h = o * tanh(c).");
        writer.WriteLine($"{number.Name} dc = carry[{size} + j] + dh * o[j] * ({one} - tanhC[j] * tanhC[j]);");
        writer.WriteComment("Through c = f * cPrev + i * g and each gate's sigmoid or tanh.");
        writer.WriteLine($"parts[j] = dc * g[j] * (i[j] * ({one} - i[j]));");
        writer.WriteLine($"parts[{size} + j] = dc * cPrev[j] * (f[j] * ({one} - f[j]));");
        writer.WriteLine($"parts[2 * {size} + j] = dc * i[j] * ({one} - g[j] * g[j]);");
        writer.WriteLine($"parts[3 * {size} + j] = dh * tanhC[j] * (o[j] * ({one} - o[j]));");
        writer.WriteComment("dE/dcPrev = dc * f; dE/dhPrev comes only through the gates, added below.");
        writer.WriteLine($"carry[{size} + j] = dc * f[j];");
        writer.WriteLine($"carry[j] = {number.Zero};");
        writer.CloseBlock();
        writer.WriteLine();
        WriteGradients(writer, layer, rows, "parts", "parts");
        WriteBackToInputs(writer, layer, rows, size, "parts", "parts");
    }
}
