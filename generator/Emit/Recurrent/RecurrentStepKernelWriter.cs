using System.Linq;
using Unrolled.Generator.Emit.Blocked;
using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>
/// Step's kernels in the machinery: GateSums, a cell's gate sums (biases plus the packed columns times a
/// vector), and the cell's fused step, which takes both sums and then computes every gate and the new state
/// in one pass over the units, writing the state in place. A streamed step so reads each weight once and
/// writes nothing but the state; the lesson's CellForward computes the same equations one by one, keeping
/// what training's backward step reads.
/// </summary>
internal static class RecurrentStepKernelWriter
{
    /// <summary>The name of the fused step of <paramref name="cell"/>'s cells: StepGru, StepLstm.</summary>
    public static string StepKernel(CellCode cell) => RecurrentNames.StepKernel(cell.Name);

    // sums_g = biases_g + sum_i columns[i, g] * x_i. Blocks of four vectors of neighbouring gate rows, then one of two
    // and one of one for what is left, so that every vector of rows is summed in its own register, and each block reads
    // each x_i once: a GRU-16's 48 rows of floats are a block of four and one of two, seven instructions per x_i
    // fewer than a chain of single vectors. Within a block the products run along one column at a time, a ref to its
    // first row found from a position moved on by a row length, so every load's offset is a constant; the positions
    // are nuint, which the JIT adds to a ref with no sign extension (a LSTM-16 step 7% faster than with int). Each sum
    // adds the bias, then the products in the order of i, as the lesson's loops.
    public static void WriteGateSums(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;
        BlockedCode code = new(number, context.Spec.HasRefAccess);
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// sums_g = biases_g + sum_i columns[i, g] * x_i: a cell's gate sums b + W x, from W packed as its");
        writer.WriteLine("/// columns (row-major, x.Length rows of sums.Length). Up to four vectors of neighbouring g at a time,");
        writer.WriteLine("/// each in a register.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private static void {RecurrentNames.GateSums}({number.ReadOnlySpan} biases, {number.ReadOnlySpan} columns, " +
            $"{number.ReadOnlySpan} x, {number.Span} sums)");
        writer.WriteLine(code.RefToSpan("b", "biases", null));
        writer.WriteLine(code.RefToSpan("m", "columns", null));
        writer.WriteLine(code.RefToSpan("xs", "x", null));
        writer.WriteLine(code.RefToSpan("ys", "sums", null));
        writer.WriteLine("int rows = sums.Length;");
        writer.WriteLine("int g = 0;");
        WriteGateSumsBlock(writer, context, code, vectors: 4, repeat: true);
        WriteGateSumsBlock(writer, context, code, vectors: 2, repeat: false);
        WriteGateSumsBlock(writer, context, code, vectors: 1, repeat: false);
        writer.OpenBlock("for (; g < rows; g++)");
        writer.WriteLine($"{number.Name} sum = {code.At("b", "g")};");
        writer.OpenBlock("for (int i = 0; i < x.Length; i++)");
        writer.WriteLine($"sum += {code.At("m", "i * rows + g")} * {code.At("xs", "i")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{code.At("ys", "g")} = sum;");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    // The gate rows g to g + vectors * Count: a loop over such blocks, or one block if there is room for it.
    private static void WriteGateSumsBlock(SourceWriter writer, RecurrentEmitContext context, BlockedCode code, int vectors, bool repeat)
    {
        string width = vectors == 1 ? code.Count : $"{vectors} * {code.Count}";
        string[] offsets = [.. Enumerable.Range(0, vectors).Select(v => v switch
        {
            0 => "0",
            1 => code.Count,
            _ => $"{v} * {code.Count}",
        })];
        writer.OpenBlock(repeat ? $"for (; g <= rows - {width}; g += {width})" : $"if (g <= rows - {width})");
        writer.WriteLine(code.RefToElement("bg", "b", "g"));
        for (int v = 0; v < vectors; v++)
        {
            writer.WriteLine($"{code.Vector} sum{v} = {code.Load("bg", offsets[v])};");
        }

        // Unsigned native-sized positions: the JIT adds them to the refs as they are, with no sign extension per load.
        string index = context.Spec.HasRefAccess ? "nuint" : "int";
        string length = context.Spec.HasRefAccess ? "(nuint)x.Length" : "x.Length";
        string stride = context.Spec.HasRefAccess ? "(nuint)rows" : "rows";
        writer.WriteLine($"{index} at = {(context.Spec.HasRefAccess ? "(nuint)g" : "g")};");
        writer.OpenBlock($"for ({index} i = 0; i < {length}; i++, at += {stride})");
        writer.WriteLine(code.RefToElement("column", "m", "at"));
        writer.WriteLine($"{code.Vector} xi = new {code.Vector}({code.At("xs", "i")});");
        for (int v = 0; v < vectors; v++)
        {
            writer.WriteLine(AddProduct(context, $"sum{v}", code.Load("column", offsets[v]), "xi"));
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine(code.RefToElement("yg", "ys", "g"));
        for (int v = 0; v < vectors; v++)
        {
            writer.WriteLine(code.Store($"sum{v}", "yg", offsets[v]));
        }

        if (!repeat)
        {
            writer.WriteLine($"g += {width};");
        }

        writer.CloseBlock();
        writer.WriteLine();
    }

    // sum += a * b, one fused multiply-add where the hardware has one: the vector APIs of .NET 9, which bring
    // Vector.Exp (HasVectorExp), bring MultiplyAddEstimate too. Which rounding a machine gets is the same for
    // every network on it, so a frozen network still steps bit for bit as the trained one did.
    private static string AddProduct(RecurrentEmitContext context, string sum, string a, string b) =>
        context.Spec.HasVectorExp
            ? $"{sum} = global::System.Numerics.Vector.MultiplyAddEstimate({a}, {b}, {sum});"
            : $"{sum} += {a} * {b};";

    // The input's and the state's gate sums into the scratch, then each unit's gates and new state, a vector of
    // units at a time where the compilation has a vector exp, then one at a time. Every unit reads only its own
    // old state once both sums are done, so the new state overwrites the old in place.
    public static void WriteCellStep(SourceWriter writer, RecurrentEmitContext context, CellCode cell)
    {
        NumberType number = context.Number;
        BlockedCode code = new(number, context.Spec.HasRefAccess);
        int gates = cell.Gates.Length;
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// One time step of a {cell.Name} cell in place: <paramref name=\"state\"/> holds its last state" +
            (cell.StateVectors == 2 ? " (h, then c)" : " h"));
        writer.WriteLine("/// and receives the new one; the input's gate sums b_ih + W_ih x and the state's b_hh + W_hh hPrev");
        writer.WriteLine("/// go to the scratch first. The equations are the header's" + (context.IsFrozen ? "." : ", those of the lesson's CellForward."));
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private static void {StepKernel(cell)}({number.ReadOnlySpan} inputColumns, {number.ReadOnlySpan} inputBiases, " +
            $"{number.ReadOnlySpan} stateColumns, {number.ReadOnlySpan} stateBiases, {number.ReadOnlySpan} x, {number.Span} state, {number.Span} scratch)");
        writer.WriteLine($"int size = inputBiases.Length / {gates};");
        writer.WriteLine($"{number.Span} inputPart = scratch.Slice(0, {gates} * size);");
        writer.WriteLine($"{number.Span} statePart = scratch.Slice({gates} * size, {gates} * size);");
        writer.WriteLine($"{RecurrentNames.GateSums}(inputBiases, inputColumns, x, inputPart);");
        writer.WriteLine($"{RecurrentNames.GateSums}(stateBiases, stateColumns, state.Slice(0, size), statePart);");
        writer.WriteLine(code.RefToSpan("ip", "inputPart", null));
        writer.WriteLine(code.RefToSpan("sp", "statePart", null));
        writer.WriteLine(code.RefToSpan("hs", "state", null));
        writer.WriteLine("int j = 0;");
        if (context.Spec.HasVectorExp)
        {
            Lanes vectors = UsesGateExp(context) ? Lanes.NumericsVector(number).WithExp(RecurrentNames.GateExp) : Lanes.NumericsVector(number);
            writer.OpenBlock($"for (; j <= size - {code.Count}; j += {code.Count})");
            cell.WriteStepUnits(writer, new StepUnits(vectors, code.Vector, offset => code.Load("ip", offset),
                offset => code.Load("sp", offset), offset => code.Load("hs", offset), (value, offset) => code.Store(value, "hs", offset)));
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.OpenBlock("for (; j < size; j++)");
        cell.WriteStepUnits(writer, new StepUnits(Lanes.Scalar(number), number.Name, offset => code.At("ip", offset),
            offset => code.At("sp", offset), offset => code.At("hs", offset), (value, offset) => $"{code.At("hs", offset)} = {value};"));
        writer.CloseBlock();
        writer.CloseBlock();
        if (UsesGateExp(context))
        {
            writer.WriteLine();
            WriteGateExp(writer);
        }
    }

    // Float vectors get their own exp: .NET's Vector.Exp of floats computes in doubles, two double vectors per float
    // vector, for a precision the gates cannot use, and the exps were most of a step's time (GRU-16: 1.4x faster
    // with GateExp, measured with BenchmarkDotNet). Doubles keep Vector.Exp, whose precision their users ask for.
    private static bool UsesGateExp(RecurrentEmitContext context) => context.Spec.HasVectorExp && context.Number.Bits == 32;

    // exp(x) = 2^n e^r with n = round(x / ln 2) and r = x - n ln 2, |r| <= ln 2 / 2. The rounding is an addition of
    // 1.5 * 2^23, which leaves no fraction bits in a float of that size, so n appears in the sum's lowest bits, from
    // which a shift makes the power of two (two instructions fewer than a round and a conversion). ln 2 is subtracted in two parts,
    // the first with few enough bits that n times it is exact (Cody and Waite), so r keeps float's precision. e^r is
    // 1 + r + r^2 q(r), q of degree 3 fitted by Remez' exchange to the least largest relative error on |r| <= ln 2 / 2
    // (1.05e-7), its coefficients doubled (exact) to give 2 e^r, so the scale is 2^(n - 1), which stays a float even
    // for n = 128 near the upper bound; evaluated in Estrin's order, two independent multiply-adds, then two. Cephes'
    // degree-7 polynomial (1.28 units in the last place) made a LSTM-16 step 7% slower for precision no gate keeps:
    // checked against Math.Exp at every 1e-7 relative step of [-86.6, 88.72], at most 2.62 units in the last place.
    // NaN needs no test of its own: the clamp takes x as the second operand of max and min, which x86 gives back when
    // either is NaN (Arm's give NaN), and a NaN goes through the rest as NaN.
    private static void WriteGateExp(SourceWriter writer)
    {
        const string V = "global::System.Numerics.Vector<float>";
        const string Vector = "global::System.Numerics.Vector";
        string Constant(string value) => $"new {V}({value})";
        string MultiplyAdd(string a, string b, string c) => $"{Vector}.MultiplyAddEstimate({a}, {b}, {c})";

        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// exp(x) in each lane, in float arithmetic, for the gates' sigmoid and tanh in Step: within 2.7 units in the");
        writer.WriteLine("/// last place of exp on [-86.6, 88.72]; outside it, exp at the nearer bound (a sigmoid or tanh of such x is");
        writer.WriteLine("/// already 0, 1 or -1 in float). NaN stays NaN.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.AggressiveInlining);
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private static {V} {RecurrentNames.GateExp}({V} x) => {RecurrentNames.GateExp}(x, {Constant("-86.6f")}, {Constant("88.72f")});");
        writer.WriteLine();
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// exp(x) as above for x within [lowest, highest], inside [-86.6, 88.72]; outside it, exp at the nearer bound.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.AggressiveInlining);
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private static {V} {RecurrentNames.GateExp}({V} x, {V} lowest, {V} highest)");
        writer.WriteLine("// The native max and min, one instruction each, with x second: given a NaN, they give it back.");
        writer.WriteLine($"{V} clamped = {Vector}.MinNative(highest, {Vector}.MaxNative(lowest, x));");
        writer.WriteLine("// x = n ln 2 + r, n whole, |r| <= ln 2 / 2. Adding 1.5 * 2^23 + 126 = 12583038 rounds x / ln 2 to the whole n");
        writer.WriteLine("// and leaves n + 126 in t's lowest bits; ln 2 = 0.693359375 - 2.12194440e-4, n times the first part exact.");
        writer.WriteLine($"{V} t = {MultiplyAdd("clamped", Constant("1.44269504f"), Constant("12583038f"))};");
        writer.WriteLine($"{V} n = t - {Constant("12583038f")};");
        writer.WriteLine($"{V} r = {MultiplyAdd("n", Constant("-0.693359375f"), "clamped")};");
        writer.WriteLine($"r = {MultiplyAdd("n", Constant("2.12194440e-4f"), "r")};");
        writer.WriteLine($"{V} r2 = r * r;");
        writer.WriteLine("// 2 e^r = 2 + 2r + r^2 (c0 + c1 r + r^2 (c2 + c3 r)), within 1.05e-7 of it relatively, in Estrin's order.");
        writer.WriteLine($"{V} high = {MultiplyAdd(Constant("0.016625022f"), "r", Constant("0.083780478f"))};");
        writer.WriteLine($"{V} low = {MultiplyAdd(Constant("0.33334230f"), "r", Constant("0.99998462f"))};");
        writer.WriteLine($"{V} polynomial = {MultiplyAdd(MultiplyAdd("high", "r2", "low"), "r2", MultiplyAdd("r", Constant("2f"), Constant("2f")))};");
        writer.WriteLine("// 2^(n - 1): n + 126 = (n - 1) + 127 moved from t's lowest bits to the exponent's.");
        writer.WriteLine($"global::System.Numerics.Vector<int> scale = {Vector}.ShiftLeft({Vector}.AsVectorInt32(t), 23);");
        writer.WriteLine($"return polynomial * {Vector}.AsVectorSingle(scale);");
        writer.CloseBlock();
    }
}

/// <summary>
/// How a cell's fused step reads and writes unit j (or a vector of units from j): the lanes and their type,
/// the input's and the state's gate sums at an offset ("size + j" is gate 1's), the old state and the new.
/// </summary>
internal sealed record StepUnits(
    Lanes Lanes,
    string Type,
    System.Func<string, string> InputSum,
    System.Func<string, string> StateSum,
    System.Func<string, string> OldState,
    System.Func<string, string, string> NewState)
{
    /// <summary>"2 * size + j": gate <paramref name="gate"/>'s unit j.</summary>
    public static string Offset(int gate) => gate switch
    {
        0 => "j",
        1 => "size + j",
        _ => $"{gate} * size + j",
    };

    /// <summary>f(sum) for a gate: sigmoid or tanh.</summary>
    public string Apply(Activation activation, string sum) => ActivationCode.Apply(activation, Lanes, sum);
}
