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

    // sums_g = biases_g + sum_i columns[i, g] * x_i. Four vectors of neighbouring gate rows are summed at once,
    // each in its own register: four independent chains of additions keep the adders busy while each x_i is
    // read once per block. Each sum adds the bias, then the products in the order of i, as the lesson's loops.
    public static void WriteGateSums(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;
        BlockedCode code = new(number, context.Spec.HasRefAccess);
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// sums_g = biases_g + sum_i columns[i, g] * x_i, with columns row-major, x.Length rows of sums.Length: a cell's");
        writer.WriteLine("/// gate sums b + W x from W packed as its columns. Four vectors of neighbouring g at a time, each in a register.");
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
        string[] blocks = ["g", $"g + {code.Count}", $"g + 2 * {code.Count}", $"g + 3 * {code.Count}"];
        writer.OpenBlock($"for (; g <= rows - 4 * {code.Count}; g += 4 * {code.Count})");
        for (int s = 0; s < blocks.Length; s++)
        {
            writer.WriteLine($"{code.Vector} sum{s} = {code.Load("b", blocks[s])};");
        }

        writer.OpenBlock("for (int i = 0; i < x.Length; i++)");
        writer.WriteLine($"{code.Vector} xi = new {code.Vector}({code.At("xs", "i")});");
        for (int s = 0; s < blocks.Length; s++)
        {
            writer.WriteLine(AddProduct(context, $"sum{s}", code.Load("m", $"i * rows + {blocks[s]}"), "xi"));
        }

        writer.CloseBlock();
        writer.WriteLine();
        for (int s = 0; s < blocks.Length; s++)
        {
            writer.WriteLine(code.Store($"sum{s}", "ys", blocks[s]));
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock($"for (; g <= rows - {code.Count}; g += {code.Count})");
        writer.WriteLine($"{code.Vector} sum = {code.Load("b", "g")};");
        writer.OpenBlock("for (int i = 0; i < x.Length; i++)");
        writer.WriteLine(AddProduct(context, "sum", code.Load("m", "i * rows + g"), $"new {code.Vector}({code.At("xs", "i")})"));
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine(code.Store("sum", "ys", "g"));
        writer.CloseBlock();
        writer.WriteLine();
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
            (cell.StateVectors == 2 ? " (h, then c)" : " h") + " and receives the new one;");
        writer.WriteLine("/// the input's gate sums b_ih + W_ih x and the state's b_hh + W_hh hPrev go to the scratch first. The equations");
        writer.WriteLine("/// are the header's" + (context.IsFrozen ? "." : ", those of the lesson's CellForward."));
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
            writer.OpenBlock($"for (; j <= size - {code.Count}; j += {code.Count})");
            cell.WriteStepUnits(writer, new StepUnits(Lanes.NumericsVector(number), code.Vector, offset => code.Load("ip", offset),
                offset => code.Load("sp", offset), offset => code.Load("hs", offset), (value, offset) => code.Store(value, "hs", offset)));
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.OpenBlock("for (; j < size; j++)");
        cell.WriteStepUnits(writer, new StepUnits(Lanes.Scalar(number), number.Name, offset => code.At("ip", offset),
            offset => code.At("sp", offset), offset => code.At("hs", offset), (value, offset) => $"{code.At("hs", offset)} = {value};"));
        writer.CloseBlock();
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
