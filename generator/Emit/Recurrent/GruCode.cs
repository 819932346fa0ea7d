using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>
/// PyTorch's <c>nn.GRU</c> cell: reset gate r, update gate z, candidate n, with the reset gate applied to
/// the state's part of n after its bias (<c>linear_before_reset</c> in ONNX's words).
/// </summary>
internal sealed class GruCode : CellCode
{
    public static GruCode Instance { get; } = new();

    public override string Name => "GRU";

    public override string[] Gates => ["r", "z", "n"];

    // hn = W_hn hPrev + b_hn: the state's part of n before the reset gate, which the backward step reads.
    public override string[] Record => ["h", "r", "z", "n", "hn"];

    public override int StateVectors => 1;

    public override string[] Equations =>
    [
        "r = sigmoid(W_ir x + b_ir + W_hr hPrev + b_hr)           reset gate",
        "z = sigmoid(W_iz x + b_iz + W_hz hPrev + b_hz)           update gate",
        "n = tanh(W_in x + b_in + r * (W_hn hPrev + b_hn))        candidate",
        "h = (1 - z) * n + z * hPrev                              new state",
    ];

    public override string[] BackwardEquations =>
    [
        "dn = dh * (1 - z) * (1 - n^2)   with dh = dE/dh (from above and from the next step), through h and tanh",
        "dz = dh * (hPrev - n) * z * (1 - z)",
        "dr = dn * hn * r * (1 - r)                     where hn = W_hn hPrev + b_hn",
        "input parts (dr, dz, dn), state parts (dr, dz, dn * r)",
        "dhPrev = dh * z + W_hh^T (state parts),  dx = W_ih^T (input parts)",
    ];

    public override void WriteForward(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        NumberType number = context.Number;
        string size = NetworkShape.Number(context.Shape.Size(layer));
        string rows = NetworkShape.Number(3 * context.Shape.Size(layer));
        WriteRecordSlices(writer, context, layer, "record", writable: true);
        writer.WriteLine($"{number.ReadOnlySpan} hPrev = previous.Slice(0, {size});");
        writer.WriteLine();
        writer.WriteComment("The input's part of the three gates, r, z and n one after another as in W_ih: W_ih x + b_ih.");
        writer.WriteLine($"{number.Span} inputPart = record.Slice({size}, {rows});");
        writer.WriteLine($"{RecurrentNames.GateSums}(parameters.Slice({RecurrentNames.InputBiases(layer)}, {rows}), columns.Slice({RecurrentNames.InputColumns(layer)}, x.Length * {rows}), x, inputPart);");
        writer.WriteComment("The state's part of the three gates: W_hh hPrev + b_hh.");
        writer.WriteLine($"{number.Span} statePart = scratch.Slice(0, {rows});");
        writer.WriteLine($"{RecurrentNames.GateSums}(parameters.Slice({RecurrentNames.HiddenBiases(layer)}, {rows}), columns.Slice({RecurrentNames.HiddenColumns(layer)}, {size} * {rows}), hPrev, statePart);");
        writer.WriteLine();
        writer.WriteComment("Reset gate r = sigmoid(W_ir x + b_ir + W_hr hPrev + b_hr): how much of hPrev the candidate sees;");
        writer.WriteComment("update gate z = sigmoid(W_iz x + b_iz + W_hz hPrev + b_hz): how much of hPrev h keeps. Both at once.");
        writer.WriteLine($"{number.Span} resetAndUpdate = record.Slice({size}, 2 * {size});");
        writer.WriteLine($"{RecurrentNames.AddTo}(resetAndUpdate, statePart.Slice(0, 2 * {size}));");
        writer.WriteLine($"{RecurrentNames.Sigmoid}(resetAndUpdate);");
        writer.WriteComment("Candidate n = tanh(W_in x + b_in + r * hn), with hn = W_hn hPrev + b_hn kept for the backward step.");
        writer.WriteLine($"statePart.Slice(2 * {size}, {size}).CopyTo(hn);");
        writer.OpenBlock($"for (int j = 0; j < {size}; j++)");
        writer.WriteLine("n[j] += r[j] * hn[j];");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{RecurrentNames.Tanh}(n);");
        writer.WriteComment("New state h = (1 - z) * n + z * hPrev.");
        writer.OpenBlock($"for (int j = 0; j < {size}; j++)");
        writer.WriteLine($"h[j] = ({number.One} - z[j]) * n[j] + z[j] * hPrev[j];");
        writer.CloseBlock();
    }

    public override void WriteStepUnits(SourceWriter writer, StepUnits units)
    {
        string type = units.Type;
        string one = units.Lanes.One;
        writer.WriteLine($"{type} sr = {units.InputSum(StepUnits.Offset(0))} + {units.StateSum(StepUnits.Offset(0))};");
        writer.WriteLine($"{type} sz = {units.InputSum(StepUnits.Offset(1))} + {units.StateSum(StepUnits.Offset(1))};");
        writer.WriteLine($"{type} r = {units.Apply(Model.Activation.Sigmoid, "sr")};");
        writer.WriteLine($"{type} z = {units.Apply(Model.Activation.Sigmoid, "sz")};");
        writer.WriteLine($"{type} sn = {units.InputSum(StepUnits.Offset(2))} + r * {units.StateSum(StepUnits.Offset(2))};");
        writer.WriteLine($"{type} n = {units.Apply(Model.Activation.Tanh, "sn")};");
        writer.WriteLine(units.NewState($"({one} - z) * n + z * {units.OldState("j")}", "j"));
    }

    public override void WriteBackward(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        NumberType number = context.Number;
        string size = NetworkShape.Number(context.Shape.Size(layer));
        string rows = NetworkShape.Number(3 * context.Shape.Size(layer));
        string one = number.One;
        WriteRecordSlices(writer, context, layer, "record", writable: false, "h");
        writer.WriteLine($"{number.ReadOnlySpan} hPrev = previous.Slice(0, {size});");
        writer.WriteComment("dE/d of the gates' input parts (W_ih x + b_ih) and state parts (W_hh hPrev + b_hh), r, z, n in order.");
        writer.WriteLine($"{number.Span} inputPart = scratch.Slice(0, {rows});");
        writer.WriteLine($"{number.Span} statePart = scratch.Slice({rows}, {rows});");
        writer.WriteLine();
        writer.OpenBlock($"for (int j = 0; j < {size}; j++)");
        writer.WriteLine($"{number.Name} dh = carry[j];");
        writer.WriteComment("Through h = (1 - z) * n + z * hPrev, then n's tanh: dn = dh * (1 - z) * (1 - n^2).");
        writer.WriteLine($"{number.Name} dn = dh * ({one} - z[j]) * ({one} - n[j] * n[j]);");
        writer.WriteComment("dz = dh * (hPrev - n) * z * (1 - z), through the update gate's sigmoid.");
        writer.WriteLine($"{number.Name} dz = dh * (hPrev[j] - n[j]) * (z[j] * ({one} - z[j]));");
        writer.WriteComment("dr = dn * hn * r * (1 - r): the reset gate scales hn inside n.");
        writer.WriteLine($"{number.Name} dr = dn * hn[j] * (r[j] * ({one} - r[j]));");
        writer.WriteLine($"inputPart[j] = dr;");
        writer.WriteLine($"inputPart[{size} + j] = dz;");
        writer.WriteLine($"inputPart[2 * {size} + j] = dn;");
        writer.WriteLine($"statePart[j] = dr;");
        writer.WriteLine($"statePart[{size} + j] = dz;");
        writer.WriteComment("The state's part of n is multiplied by r before it is added.");
        writer.WriteLine($"statePart[2 * {size} + j] = dn * r[j];");
        writer.WriteComment("hPrev reaches h directly too: dE/dhPrev_j starts at dh_j * z_j.");
        writer.WriteLine("carry[j] = dh * z[j];");
        writer.CloseBlock();
        writer.WriteLine();
        WriteGradients(writer, layer, rows, "inputPart", "statePart");
        WriteBackToInputs(writer, layer, rows, size, "inputPart", "statePart");
    }
}
