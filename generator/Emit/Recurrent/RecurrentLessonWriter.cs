using System.Linq;
using Unrolled.Generator.Emit.Blocked;
using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>
/// The lesson of a recurrent network: its numbers, Step (one time step, what a game loop or an audio
/// callback calls), TrainSequence (forward through time, backpropagation through time, one step of the
/// optimizer), Randomize, and each cell's forward and backward time step as loops over spans.
/// </summary>
internal static class RecurrentLessonWriter
{
    public static void WriteDeclarations(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;

        writer.WriteComment("All parameters in PyTorch's order: per cell W_ih, W_hh, b_ih, b_hh, then the output layer's W and b.");
        WriteArray(writer, number, GeneratedNames.ParametersArray, GeneratedNames.ParameterCount, readOnly: false);
        writer.WriteComment("The state Step carries from one call to the next: each cell's h" + (context.Cell.StateVectors == 2 ? " and c." : "."));
        WriteArray(writer, number, RecurrentNames.StateArray, RecurrentNames.CellStateCount, readOnly: true);
        WriteOffsets(writer, context, withTrace: true);
    }

    /// <summary>
    /// Where each cell's numbers start (in the parameters, the packed columns, the state and, for training, a
    /// trace row) and where the output layer's do: the constants Step and the cells' code read.
    /// </summary>
    public static void WriteOffsets(SourceWriter writer, RecurrentEmitContext context, bool withTrace)
    {
        NetworkShape shape = context.Shape;
        RecurrentLayout layout = context.Layout;
        for (int layer = 1; layer < shape.OutputLayer; layer++)
        {
            CellCode cell = layout.CellOf(layer);
            string l = NetworkShape.Number(layer);
            string size = NetworkShape.Number(shape.Size(layer));
            writer.WriteLine();
            writer.WriteComment($"Layer {l}, a {cell.Name} cell of {size} units: W_ih[row, i] is _parameters[{RecurrentNames.InputWeights(layer)} + row * {NetworkShape.Number(shape.Size(layer - 1))} + i], " +
                $"W_hh[row, j] _parameters[{RecurrentNames.HiddenWeights(layer)} + row * {size} + j], row = gate * {size} + unit (gates {string.Join(", ", cell.Gates)}).");
            writer.WriteLine(GeneratedCode.Attribute);
            writer.WriteLine($"private const int {RecurrentNames.InputWeights(layer)} = {NetworkShape.Number(layout.InputWeightsStart(layer))}, " +
                $"{RecurrentNames.HiddenWeights(layer)} = {NetworkShape.Number(layout.HiddenWeightsStart(layer))}, " +
                $"{RecurrentNames.InputBiases(layer)} = {NetworkShape.Number(layout.InputBiasesStart(layer))}, " +
                $"{RecurrentNames.HiddenBiases(layer)} = {NetworkShape.Number(layout.HiddenBiasesStart(layer))},");
            writer.WriteLine($"    {RecurrentNames.InputColumns(layer)} = {NetworkShape.Number(layout.InputColumnsStart(layer))}, {RecurrentNames.HiddenColumns(layer)} = {NetworkShape.Number(layout.HiddenColumnsStart(layer))}, " +
                $"{RecurrentNames.State(layer)} = {NetworkShape.Number(layout.StateStart(layer))}" +
                (withTrace ? $", {RecurrentNames.Trace(layer)} = {NetworkShape.Number(layout.TraceStart(layer))};" : ";"));
        }

        int output = shape.OutputLayer;
        writer.WriteLine();
        writer.WriteComment($"Layer {NetworkShape.Number(output)} (output, dense): W{NetworkShape.Number(output)}[k, j] is _parameters[{GeneratedNames.WeightsStart(output)} + k * {NetworkShape.Number(shape.Size(output - 1))} + j], " +
            $"b{NetworkShape.Number(output)}[k] is _parameters[{GeneratedNames.BiasesStart(output)} + k].");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private const int {GeneratedNames.WeightsStart(output)} = {NetworkShape.Number(layout.OutputWeightsStart)}, {GeneratedNames.BiasesStart(output)} = {NetworkShape.Number(layout.OutputBiasesStart)};");
    }

    /// <summary>The buffers training works in, and the packed columns: machinery a learner need not read.</summary>
    public static void WriteBuffers(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;
        NetworkShape shape = context.Shape;
        WriteConstant(writer, "Number of inputs at each time step: the size of the first layer.", GeneratedNames.InputCount, shape.InputCount);
        WriteConstant(writer, "Number of outputs at each time step: the size of the last layer.", GeneratedNames.OutputCount, shape.OutputCount);
        WriteConstant(writer, "Number of weights and biases.", GeneratedNames.ParameterCount, context.Layout.ParameterCount);
        writer.WriteComment("A step's new parameters, swapped with the parameters once every one is finite: a refused step changes nothing.");
        WriteArray(writer, number, RecurrentNames.Spare, GeneratedNames.ParameterCount, readOnly: false);
        writer.WriteComment("The sums of every parameter's gradient over the time steps (and sequences) of one training step.");
        WriteArray(writer, number, GeneratedNames.GradientsArray, GeneratedNames.ParameterCount, readOnly: true);
        // The straight-line cells read the parameters themselves, at constant indices: no packed columns.
        if (!StraightLine.RecurrentStraightLine.Applies(context))
        {
            writer.WriteComment("Every cell's W_ih and W_hh transposed, a column of gate weights per input or state value, as the forward");
            writer.WriteComment("step reads them; packed from the parameters whenever they change.");
            WriteArray(writer, number, RecurrentNames.ColumnsArray, RecurrentNames.ColumnCount, readOnly: true);
        }

        writer.WriteComment("Training's trace: a row per time step of what each cell's backward step reads, and the output's deltas;");
        writer.WriteComment("row 0 is the zero state a sequence starts from. It grows to the longest sequence trained on, then stays.");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private {number.Name}[] {RecurrentNames.TraceArray} = new {number.Name}[2 * {RecurrentNames.TraceStride}];");
        writer.WriteComment("Step's working space, a cell's gate sums or its record: the instance's own, so a step clears no stack memory.");
        WriteArray(writer, number, RecurrentNames.StepScratchArray, RecurrentNames.ScratchCount, readOnly: true);

        RecurrentLayout layout = context.Layout;        writer.WriteComment("The sizes of the state, a trace row (whose last values are the output's deltas), the packed columns and a");
        writer.WriteComment("cell's scratch.");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private const int {RecurrentNames.CellStateCount} = {NetworkShape.Number(layout.StateCount)}, {RecurrentNames.TraceStride} = {NetworkShape.Number(layout.TraceStride)}, " +
            $"{RecurrentNames.OutputDeltasStart} = {NetworkShape.Number(layout.OutputDeltasStart)}, {RecurrentNames.ColumnCount} = {NetworkShape.Number(layout.ColumnCount)},");
        writer.WriteLine($"    {RecurrentNames.ScratchCount} = {NetworkShape.Number(layout.ScratchCount)};");
        RecurrentOptimizerWriter.WriteState(writer, context);
        writer.WriteLine();
    }

    /// <summary>Step's documentation and signature, its block opened, and the checks of its spans: the same in both layouts.</summary>
    public static void OpenStep(SourceWriter writer, RecurrentEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        writer.WriteLine("/// <summary>One time step from the state the last step left, which advances.</summary>");
        writer.WriteLine($"/// <param name=\"input\">This step's {NetworkShape.Count(shape.InputCount, "input")}, exactly.</param>");
        writer.WriteLine($"/// <param name=\"output\">Room for at least {NetworkShape.Count(shape.OutputCount, "value")}: this step's outputs go first.</param>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">A span is shorter or longer than this says.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"public void {RecurrentNames.Step}({number.ReadOnlySpan} input, {number.Span} output)");
        writer.WriteLine($"{GuardCode.TypeName}.ExactLength(input.Length, {GeneratedNames.InputCount}, \"input\");");
        writer.WriteLine($"{GuardCode.TypeName}.MinimumLength(output.Length, {GeneratedNames.OutputCount}, \"output\");");
    }

    public static void WriteStep(SourceWriter writer, RecurrentEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        RecurrentLayout layout = context.Layout;
        OpenStep(writer, context);
        writer.WriteLine($"{number.ReadOnlySpan} parameters = {GeneratedNames.ParametersArray};");
        writer.WriteLine($"{number.ReadOnlySpan} columns = {RecurrentNames.ColumnsArray};");
        writer.WriteLine($"{number.Span} state = {RecurrentNames.StateArray};");
        writer.WriteLine($"{number.Span} scratch = {RecurrentNames.StepScratchArray};");
        for (int layer = 1; layer < shape.OutputLayer; layer++)
        {
            CellCode cell = layout.CellOf(layer);
            string l = NetworkShape.Number(layer);
            string size = NetworkShape.Number(shape.Size(layer));
            string rows = NetworkShape.Number(cell.Gates.Length * shape.Size(layer));
            string inputs = layer == 1 ? "input.Length" : NetworkShape.Number(shape.Size(layer - 1));
            string x = layer == 1 ? "input" : $"state.Slice({RecurrentNames.State(layer - 1)}, {NetworkShape.Number(shape.Size(layer - 1))})";
            writer.WriteLine();
            string equations = context.IsFrozen ? "the header's equations" : $"{RecurrentNames.CellForward(layer)}'s equations";
            writer.WriteComment($"Cell {l} ({cell.Name}): {RecurrentStepKernelWriter.StepKernel(cell)} computes {equations} in one pass, the new state in place.");
            writer.WriteLine($"{RecurrentStepKernelWriter.StepKernel(cell)}(columns.Slice({RecurrentNames.InputColumns(layer)}, {inputs} * {rows}), " +
                $"parameters.Slice({RecurrentNames.InputBiases(layer)}, {rows}), columns.Slice({RecurrentNames.HiddenColumns(layer)}, {size} * {rows}), " +
                $"parameters.Slice({RecurrentNames.HiddenBiases(layer)}, {rows}), {x}, state.Slice({RecurrentNames.State(layer)}, " +
                $"{NetworkShape.Number(cell.StateVectors * shape.Size(layer))}), scratch);");
        }

        int top = shape.OutputLayer - 1;
        writer.WriteLine();
        writer.WriteComment($"Output layer (dense): o = {ActivationCode.Name(shape.OutputActivation)}(W{NetworkShape.Number(shape.OutputLayer)} h{NetworkShape.Number(top)} + b{NetworkShape.Number(shape.OutputLayer)}).");
        writer.WriteLine($"{RecurrentNames.Output}(state.Slice({RecurrentNames.State(top)}, {NetworkShape.Number(shape.Size(top))}), output);");
        writer.CloseBlock();
    }

    public static void WriteResetState(SourceWriter writer, RecurrentEmitContext context)
    {
        writer.WriteLine("/// <summary>Sets the state Step carries (every cell's h" + (context.Cell.StateVectors == 2 ? " and c" : string.Empty) + ") back to zero, as at the start of a sequence.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"public void {RecurrentNames.ResetState}()");
        writer.WriteLine($"global::System.Array.Clear({RecurrentNames.StateArray}, 0, {RecurrentNames.CellStateCount});");
        writer.CloseBlock();
    }

    public static void WriteTrainSequence(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// One training step on a sequence from a zero state: backpropagation through time over all its steps, then one optimizer step along the mean gradient. Step's state is left as it was.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine($"/// <param name=\"inputs\">The time steps' inputs, one row of {NetworkShape.Number(context.Shape.InputCount)} per step, in order.</param>");
        writer.WriteLine($"/// <param name=\"targets\">The outputs wanted at each step, one row of {NetworkShape.Number(context.Shape.OutputCount)} per step.</param>");
        writer.WriteLine("/// <param name=\"learningRate\">The step size: a positive finite number.</param>");
        writer.WriteLine("/// <returns>The steps' mean loss before the update; NaN or infinity, nothing changed, if a value is not finite.</returns>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">The spans are not whole rows.</exception>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">A bad learningRate.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"public {number.Name} {RecurrentNames.TrainSequence}({number.ReadOnlySpan} inputs, {number.ReadOnlySpan} targets, {number.Name} learningRate)");
        writer.WriteLine($"int steps = {GuardCode.TypeName}.RowCount(inputs.Length, {GeneratedNames.InputCount}, targets.Length, {GeneratedNames.OutputCount});");
        GuardCode.WriteLearningRateCheck(writer);
        writer.WriteLine($"global::System.Array.Clear({GeneratedNames.GradientsArray}, 0, {GeneratedNames.ParameterCount});");
        writer.WriteComment("The sum of the steps' losses, and of x - x over the inputs: NaN or infinite if any of them is.");
        writer.WriteLine($"{number.Name} lossSum = {RecurrentNames.AddSequenceGradients}(inputs, targets, steps) + {GeneratedNames.ZeroIfFinite}(inputs);");
        writer.WriteComment("One step along the mean gradient (the sum over the steps over their count), if every value is finite.");
        writer.WriteLine($"return {RecurrentNames.StepIfFinite}(lossSum, steps, learningRate);");
        writer.CloseBlock();
    }

    public static void WriteRandomize(SourceWriter writer, RecurrentEmitContext context)
    {
        NetworkShape shape = context.Shape;
        RecurrentLayout layout = context.Layout;
        MemberDocs.WriteRandomize(writer);
        writer.OpenBlock($"public void {GeneratedNames.Randomize}(ulong seed)");
        writer.WriteLine("global::Unrolled.SplitMix64 random = new global::Unrolled.SplitMix64(seed);");
        for (int layer = 1; layer < shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            string size = NetworkShape.Number(shape.Size(layer));
            writer.WriteLine();
            writer.WriteComment($"Cell {l} as PyTorch starts it: every weight and bias from U(-k, k) with k = 1 / sqrt({size}), its unit count.");
            writer.WriteLine($"double k{l} = 1.0 / global::System.Math.Sqrt({size});");
            writer.OpenBlock($"for (int n = {RecurrentNames.InputWeights(layer)}; n < {RecurrentNames.HiddenBiases(layer)} + {NetworkShape.Number(layout.GateRows(layer))}; n++)");
            writer.WriteLine($"{GeneratedNames.ParametersArray}[n] = {Draw(context, "k" + l)};");
            writer.CloseBlock();
        }

        int output = shape.OutputLayer;
        string o = NetworkShape.Number(output);
        string fanIn = NetworkShape.Number(shape.Size(output - 1));
        string fanOut = NetworkShape.Number(shape.OutputCount);
        writer.WriteLine();
        writer.WriteComment($"Layer {o} (output, Glorot): fanIn = {fanIn}, fanOut = {fanOut}, so r = sqrt(6 / ({fanIn} + {fanOut})); biases 0.");
        writer.WriteLine($"double r{o} = global::System.Math.Sqrt(6.0 / ({fanIn} + {fanOut}));");
        writer.OpenBlock($"for (int n = {GeneratedNames.WeightsStart(output)}; n < {GeneratedNames.BiasesStart(output)}; n++)");
        writer.WriteLine($"{GeneratedNames.ParametersArray}[n] = {Draw(context, "r" + o)};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"global::System.Array.Clear({GeneratedNames.ParametersArray}, {GeneratedNames.BiasesStart(output)}, {GeneratedNames.OutputCount});");
        writer.WriteLine($"{RecurrentNames.PackColumns}();");
        RecurrentOptimizerWriter.WriteReset(writer, context);
        writer.CloseBlock();
    }

    public static void WriteCellForward(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        NumberType number = context.Number;
        CellCode cell = context.Layout.CellOf(layer);
        string l = NetworkShape.Number(layer);
        writer.WriteLine($"/// <summary>Cell {l} ({cell.Name}), one time step: from x and the last state in previous, its record {string.Join(", ", cell.Record)}.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {RecurrentNames.CellForward(layer)}({number.ReadOnlySpan} x, {number.ReadOnlySpan} previous, {number.Span} record, {number.Span} scratch)");
        writer.WriteLine($"{number.ReadOnlySpan} parameters = {GeneratedNames.ParametersArray};");
        writer.WriteLine($"{number.ReadOnlySpan} columns = {RecurrentNames.ColumnsArray};");
        cell.WriteForward(writer, context, layer);
        writer.CloseBlock();
    }

    public static void WriteCellBackward(SourceWriter writer, RecurrentEmitContext context, int layer)
    {
        NumberType number = context.Number;
        CellCode cell = context.Layout.CellOf(layer);
        string l = NetworkShape.Number(layer);
        writer.WriteLine($"/// <summary>Cell {l} ({cell.Name}), one time step back: from carry = dE/d its state, adds this step's gradients and leaves dE/d the previous state in carry" + (layer > 1 ? ", dE/dx added to below." : ".") + "</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        string below = layer > 1 ? $"{number.Span} below, " : string.Empty;
        writer.OpenBlock($"private void {RecurrentNames.CellBackward(layer)}({number.ReadOnlySpan} x, {number.ReadOnlySpan} previous, {number.ReadOnlySpan} record, " +
            $"{number.Span} carry, {below}{number.Span} gradients, {number.Span} scratch)");
        writer.WriteLine($"{number.ReadOnlySpan} parameters = {GeneratedNames.ParametersArray};");
        cell.WriteBackward(writer, context, layer);
        writer.CloseBlock();
    }

    /// <summary>
    /// Forward through the time steps of one sequence, from a zero state, recording each cell's values and each
    /// step's output deltas; then backwards through them, adding every step's gradients to _gradients.
    /// </summary>
    public static void WriteAddSequenceGradients(SourceWriter writer, RecurrentEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        RecurrentLayout layout = context.Layout;
        int output = shape.OutputLayer;
        int top = output - 1;
        string topSize = NetworkShape.Number(shape.Size(top));
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// One sequence from a zero state: forward through time, recording what the backward steps read, then back through time, adding every step's gradients to _gradients. Returns the sum of the steps' losses.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private {number.Name} {RecurrentNames.AddSequenceGradients}({number.ReadOnlySpan} inputs, {number.ReadOnlySpan} targets, int steps)");
        writer.WriteComment("A trace row per step, and row 0, the zero state before the first step.");
        writer.WriteLine($"{RecurrentNames.EnsureTrace}(steps);");
        writer.WriteLine($"{number.Span} trace = {RecurrentNames.TraceArray};");
        writer.WriteLine($"{number.Span} gradients = {GeneratedNames.GradientsArray};");
        writer.WriteLine($"{number.Span} scratch = stackalloc {number.Name}[{RecurrentNames.ScratchCount}];");
        writer.WriteLine($"{number.Name} lossSum = {number.Zero};");
        writer.WriteLine();
        writer.WriteComment("Forward through time: row t holds step t's values, row t - 1 the state it starts from.");
        writer.OpenBlock("for (int t = 1; t <= steps; t++)");
        writer.WriteLine($"{number.Span} row = trace.Slice(t * {RecurrentNames.TraceStride}, {RecurrentNames.TraceStride});");
        writer.WriteLine($"{number.Span} previous = trace.Slice((t - 1) * {RecurrentNames.TraceStride}, {RecurrentNames.TraceStride});");
        for (int layer = 1; layer < output; layer++)
        {
            CellCode cell = layout.CellOf(layer);
            string x = layer == 1 ? $"inputs.Slice((t - 1) * {GeneratedNames.InputCount}, {GeneratedNames.InputCount})" : $"row.Slice({RecurrentNames.Trace(layer - 1)}, {NetworkShape.Number(shape.Size(layer - 1))})";
            string recordLength = NetworkShape.Number(cell.Record.Length * shape.Size(layer));
            string trace = RecurrentNames.Trace(layer);
            writer.WriteLine($"{(layer == 1 ? number.ReadOnlySpan + " " : string.Empty)}x = {x};");
            // A straight-line cell's forward step keeps its gate sums in locals, not in a scratch.
            string scratch = StraightLine.RecurrentStraightLine.Applies(context) ? string.Empty : ", scratch";
            writer.WriteLine($"{RecurrentNames.CellForward(layer)}(x, previous.Slice({trace}, {recordLength}), row.Slice({trace}, {recordLength}){scratch});");
        }

        writer.WriteLine($"{number.ReadOnlySpan} target = targets.Slice((t - 1) * {GeneratedNames.OutputCount}, {GeneratedNames.OutputCount});");
        writer.WriteLine($"{number.Span} deltas = row.Slice({RecurrentNames.OutputDeltasStart}, {GeneratedNames.OutputCount});");
        writer.WriteLine($"lossSum += {RecurrentNames.OutputLoss}(row.Slice({RecurrentNames.Trace(top)}, {topSize}), target, deltas);");
        writer.CloseBlock();
        writer.WriteLine();

        writer.WriteComment("Back through time. carry = dE/d every cell's state at step t: from step t + 1, plus what the layer above adds.");
        writer.WriteLine($"{number.Span} carry = stackalloc {number.Name}[{RecurrentNames.CellStateCount}];");
        writer.WriteLine("carry.Clear();");
        bool straightLine = StraightLine.RecurrentStraightLine.Applies(context);
        if (!straightLine)
        {
            writer.WriteLine($"{number.ReadOnlySpan} parameters = {GeneratedNames.ParametersArray};");
        }

        writer.OpenBlock("for (int t = steps; t >= 1; t--)");
        writer.WriteLine($"{number.ReadOnlySpan} row = trace.Slice(t * {RecurrentNames.TraceStride}, {RecurrentNames.TraceStride});");
        writer.WriteLine($"{number.ReadOnlySpan} previous = trace.Slice((t - 1) * {RecurrentNames.TraceStride}, {RecurrentNames.TraceStride});");
        writer.WriteLine($"{number.ReadOnlySpan} deltas = row.Slice({RecurrentNames.OutputDeltasStart}, {GeneratedNames.OutputCount});");
        writer.WriteLine($"{number.ReadOnlySpan} hTop = row.Slice({RecurrentNames.Trace(top)}, {topSize});");
        string o = NetworkShape.Number(output);
        writer.WriteComment($"Output layer: dE/dW{o} += d h{NetworkShape.Number(top)}^T, dE/db{o} += d, and dE/dh{NetworkShape.Number(top)} += W{o}^T d.");
        if (straightLine)
        {
            writer.WriteLine($"{RecurrentNames.OutputGradients}(hTop, deltas, carry.Slice({RecurrentNames.State(top)}, {topSize}), gradients);");
        }
        else
        {
            writer.WriteLine($"{RecurrentNames.AddOuterProduct}(gradients.Slice({GeneratedNames.WeightsStart(output)}, {GeneratedNames.OutputCount} * {topSize}), deltas, hTop);");
            writer.WriteLine($"{RecurrentNames.AddTo}(gradients.Slice({GeneratedNames.BiasesStart(output)}, {GeneratedNames.OutputCount}), deltas);");
            writer.WriteLine($"{RecurrentNames.AddTransposedProduct}(parameters.Slice({GeneratedNames.WeightsStart(output)}, {GeneratedNames.OutputCount} * {topSize}), deltas,");
            writer.WriteLine($"    carry.Slice({RecurrentNames.State(top)}, {topSize}));");
        }

        for (int layer = top; layer >= 1; layer--)
        {
            CellCode cell = layout.CellOf(layer);
            string x = layer == 1 ? $"inputs.Slice((t - 1) * {GeneratedNames.InputCount}, {GeneratedNames.InputCount})" : $"row.Slice({RecurrentNames.Trace(layer - 1)}, {NetworkShape.Number(shape.Size(layer - 1))})";
            string recordLength = NetworkShape.Number(cell.Record.Length * shape.Size(layer));
            string stateLength = NetworkShape.Number(cell.StateVectors * shape.Size(layer));
            writer.WriteLine($"{(layer == top ? number.ReadOnlySpan + " " : string.Empty)}x = {x};");
            string below = layer > 1 ? $"carry.Slice({RecurrentNames.State(layer - 1)}, {NetworkShape.Number(shape.Size(layer - 1))}), " : string.Empty;
            writer.WriteLine($"{RecurrentNames.CellBackward(layer)}(x, previous.Slice({RecurrentNames.Trace(layer)}, {recordLength}), row.Slice({RecurrentNames.Trace(layer)}, {recordLength}),");
            writer.WriteLine($"    carry.Slice({RecurrentNames.State(layer)}, {stateLength}), {below}gradients, scratch);");
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return lossSum;");
        writer.CloseBlock();
    }

    // U(-k, k) from the generator, in the network's precision.
    private static string Draw(RecurrentEmitContext context, string bound) =>
        context.Number == NumberType.Single ? $"(float)random.NextSymmetric({bound})" : $"random.NextSymmetric({bound})";

    private static void WriteConstant(SourceWriter writer, string summary, string name, long value)
    {
        writer.WriteLine($"/// <summary>{summary}</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"public const int {name} = {NetworkShape.Number(value)};");
        writer.WriteLine();
    }

    private static void WriteArray(SourceWriter writer, NumberType number, string name, string length, bool readOnly) =>
        BlockedDeclarationsWriter.WriteArray(writer, number, name, length, swapped: !readOnly);
}
