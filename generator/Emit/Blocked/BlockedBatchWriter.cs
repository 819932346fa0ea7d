using System.Linq;
using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>
/// The blocked layout's batch paths: a block of rows goes through each layer at once, as matrix
/// products in <c>Unrolled.Kernels.BatchKernels</c>, so each weight loaded from memory feeds every
/// row of the block. The generated code keeps what is specific to the network: which layers, which
/// activation, which loss; the elementwise steps between the products are written here.
/// </summary>
internal static class BlockedBatchWriter
{
    private const string Kernels = "global::Unrolled.Kernels.BatchKernels";
    private const string Guard = GuardCode.TypeName;

    // What the batch methods' docs say about how they compute, and how that differs from one row.
    private const string KernelsNote = "matrix products in Unrolled.Kernels.BatchKernels, with fused multiply-add where the hardware has it, " +
        "so the last bits can differ from one row's";

    /// <summary>
    /// The block sizes and buffers, PredictBatch's and with <paramref name="training"/> TrainBatch's too,
    /// followed by a blank line; nothing where both go row by row.
    /// </summary>
    public static void WriteBuffers(SourceWriter writer, BlockedEmitContext context, bool training)
    {
        BlockedLayout layout = context.Layout;
        training &= layout.TrainsInBlocks;
        bool instanceBlocks = training || (layout.PredictsInBlocks && !layout.PredictsOnStack);
        if (!instanceBlocks && !layout.PredictsOnStack)
        {
            return;
        }

        writer.WriteComment("The batch methods take a block of rows through each layer at once, so every weight loaded feeds many rows. " +
            "Between layers a block is held transposed: neuron j of layer l for row r at [A{l}Start * capacity + j * stride + r], " +
            "the stride being the row count rounded up to a multiple of 16, so that a vector holds one neuron of neighbouring rows.");
        if (layout.PredictsOnStack)
        {
            writer.WriteComment($"PredictBatch keeps a block of {NetworkShape.Number(BlockedLayout.StackBatchRows)} rows on the stack.");
            writer.WriteLine(GeneratedCode.Attribute);
            writer.WriteLine($"private const int {GeneratedNames.StackBatchRows} = {NetworkShape.Number(BlockedLayout.StackBatchRows)};");
        }

        if (instanceBlocks)
        {
            WriteInstanceBuffers(writer, context, training);
        }

        writer.WriteLine();
    }

    private static void WriteInstanceBuffers(SourceWriter writer, BlockedEmitContext context, bool training)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout;
        writer.WriteComment($"{(training ? "TrainBatch" : "PredictBatch")} keeps a block of {NetworkShape.Number(layout.BlockRows)} rows in the instance: " +
            $"the activations{(training ? ", their deltas, and one hidden layer's activations back in rows, as the gradient kernel reads them." : ".")}");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.WriteLine($"private const int {GeneratedNames.BatchRows} = {NetworkShape.Number(layout.BlockRows)};");
        BlockedDeclarationsWriter.WriteArray(writer, number, GeneratedNames.BatchActivationsArray, $"{GeneratedNames.ActivationCount} * {GeneratedNames.BatchRows}");
        if (layout.BorrowsBlock)
        {
            writer.WriteComment($"1 while a PredictBatch call holds {GeneratedNames.BatchActivationsArray}, 0 when it is free: " +
                "PredictBatch may run on several threads at once, and only one of them may use the block.");
            writer.WriteLine(GeneratedCode.Attribute);
            writer.WriteLine($"private int {GeneratedNames.BatchBorrowed};");
        }

        if (!training)
        {
            return;
        }

        BlockedDeclarationsWriter.WriteArray(writer, number, GeneratedNames.BatchDeltasArray, $"{GeneratedNames.ActivationCount} * {GeneratedNames.BatchRows}");
        if (shape.OutputLayer > 1)
        {
            BlockedDeclarationsWriter.WriteArray(writer, number, GeneratedNames.BatchRowsArray, $"{NetworkShape.Number(layout.WidestHiddenLayer)} * {GeneratedNames.BatchRows}");
        }
    }

    public static void WritePredictBatch(SourceWriter writer, BlockedEmitContext context)
    {
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout;
        if (!layout.PredictsInBlocks)
        {
            BlockedMethodsWriter.WritePredictBatchRowByRow(writer, context);
            return;
        }

        int blockRows = layout.PredictsOnStack ? BlockedLayout.StackBatchRows : layout.BlockRows;
        MemberDocs.WritePredictBatch(writer, context, $"The rows go through the network {NetworkShape.Number(blockRows)} at a time, each layer for all of them at once: {KernelsNote}. " +
            ThreadSafety(layout));
        HotMethod.Write(writer, context);
        writer.OpenBlock($"public void {GeneratedNames.PredictBatch}({number.ReadOnlySpan} inputs, {number.Span} outputs)");
        writer.WriteLine($"int rows = {Guard}.PredictionRowCount(inputs.Length, {GeneratedNames.InputCount}, outputs.Length, {GeneratedNames.OutputCount});");
        if (layout.PredictsOnStack)
        {
            writer.WriteComment($"{NetworkShape.Number(blockRows)} rows' activations fit on the stack, so PredictBatch touches no instance state but the parameters.");
            writer.WriteLine($"{number.Span} batch = stackalloc {number.Name}[{GeneratedNames.ActivationCount} * {GeneratedNames.StackBatchRows}];");
            WriteBlockLoop(writer, context, GeneratedNames.StackBatchRows);
        }
        else if (layout.BorrowsBlock)
        {
            WriteBorrowedBlock(writer, context);
        }
        else
        {
            writer.WriteLine($"{number.Span} batch = {GeneratedNames.BatchActivationsArray};");
            WriteBlockLoop(writer, context, GeneratedNames.BatchRows);
        }

        writer.CloseBlock();
    }

    // What PredictBatch's docs say about several threads calling it on one network at once.
    private static string ThreadSafety(BlockedLayout layout) =>
        layout.PredictsOnStack ? "Safe to call from several threads at once: the block is on the stack."
        : layout.BorrowsBlock ? "Safe to call from several threads at once: a call takes the network's own block only while no other call holds it, " +
            "and otherwise computes its rows one at a time on the stack, as Predict does, which is slower and can differ from the block's results in the last bits."
        : "Not safe to call from several threads at once on one network: the block is the network's own, as Predict's buffer is.";

    // The network's block is shared: a call takes it with an atomic flag, or goes row by row on the stack.
    private static void WriteBorrowedBlock(SourceWriter writer, BlockedEmitContext context)
    {
        NumberType number = context.Number;
        const string Borrowed = GeneratedNames.BatchBorrowed;
        writer.WriteComment($"{NetworkShape.Number(BlockedLayout.StackBatchRows)} rows' activations would not fit on the stack, so the rows go through the network's own block. " +
            "It takes the block only if no other thread holds it (the flag goes from 0 to 1 atomically); otherwise it computes the rows one at a time on the stack, as Predict does.");
        writer.OpenBlock($"if (global::System.Threading.Interlocked.CompareExchange(ref {Borrowed}, 1, 0) != 0)");
        BlockedMethodsWriter.WriteRowLoop(writer, context);
        writer.WriteLine("return;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("try");
        writer.WriteLine($"{number.Span} batch = {GeneratedNames.BatchActivationsArray};");
        WriteBlockLoop(writer, context, GeneratedNames.BatchRows);
        writer.CloseBlock();
        writer.OpenBlock("finally");
        writer.WriteComment("The block is free again: a volatile write, so every write to the block above comes before it.");
        writer.WriteLine($"global::System.Threading.Volatile.Write(ref {Borrowed}, 0);");
        writer.CloseBlock();
    }

    // The rows of inputs through ForwardBatch a block at a time, each block's outputs back into rows of outputs.
    private static void WriteBlockLoop(SourceWriter writer, BlockedEmitContext context, string capacity)
    {
        string start = GeneratedNames.ActivationsStart(context.Shape.OutputLayer);
        writer.OpenBlock($"for (int first = 0; first < rows; first += {capacity})");
        writer.WriteLine($"int count = global::System.Math.Min({capacity}, rows - first);");
        writer.WriteLine($"{GeneratedNames.ForwardBatch}(inputs.Slice(first * {GeneratedNames.InputCount}, count * {GeneratedNames.InputCount}), count, batch, {capacity});");
        writer.WriteLine($"{Kernels}.TransposeToRows(batch.Slice({start} * {capacity}), {Kernels}.Stride(count), count, {GeneratedNames.OutputCount}, " +
            $"outputs.Slice(first * {GeneratedNames.OutputCount}, count * {GeneratedNames.OutputCount}));");
        writer.CloseBlock();
    }

    public static void WriteTrainBatch(SourceWriter writer, BlockedEmitContext context)
    {
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout;
        if (!layout.TrainsInBlocks)
        {
            BlockedMethodsWriter.WriteTrainBatchRowByRow(writer, context);
            return;
        }

        MemberDocs.WriteTrainBatch(writer, context, $"The rows go through the network {NetworkShape.Number(layout.BlockRows)} at a time, each layer for all of them at once: {KernelsNote}.");
        HotMethod.Write(writer, context);
        writer.OpenBlock($"public {number.Name} {GeneratedNames.TrainBatch}({number.ReadOnlySpan} inputs, {number.ReadOnlySpan} targets, {number.Name} learningRate)");
        writer.WriteLine($"int rows = {Guard}.RowCount(inputs.Length, {GeneratedNames.InputCount}, targets.Length, {GeneratedNames.OutputCount});");
        GuardCode.WriteLearningRateCheck(writer);
        writer.WriteComment("ForwardBatch returns the sum of z - z over every z (0 for a finite z, NaN for NaN and infinity), and lossSum " +
            "carries it. The inputs need no pass of their own: a NaN or infinite input makes every z of layer 1 NaN or infinite, " +
            "since it times any weight, 0 included, is NaN or infinite and so is any sum with it.");
        writer.WriteLine($"{number.Name} lossSum = {number.Zero};");
        writer.OpenBlock($"for (int first = 0; first < rows; first += {GeneratedNames.BatchRows})");
        writer.WriteLine($"int count = global::System.Math.Min({GeneratedNames.BatchRows}, rows - first);");
        writer.WriteLine($"{number.ReadOnlySpan} x = inputs.Slice(first * {GeneratedNames.InputCount}, count * {GeneratedNames.InputCount});");
        writer.WriteLine($"lossSum += {GeneratedNames.ForwardBatch}(x, count, {GeneratedNames.BatchActivationsArray}, {GeneratedNames.BatchRows});");
        writer.WriteLine($"lossSum += {GeneratedNames.BackwardBatch}(targets.Slice(first * {GeneratedNames.OutputCount}, count * {GeneratedNames.OutputCount}), count);");
        writer.WriteComment($"The first block writes its gradients over {GeneratedNames.GradientsArray} (there is at least one row), the others add theirs.");
        writer.WriteLine($"{GeneratedNames.AddBatchGradients}(x, count, first > 0);");
        writer.CloseBlock();
        writer.WriteLine();
        GuardCode.WriteBatchCheck(writer, number);
        BlockedMethodsWriter.WriteMeanStep(writer, context);
        writer.CloseBlock();
    }

    /// <summary>The forward pass of a block of rows, shared by TrainBatch and PredictBatch.</summary>
    private static void WriteForwardBatch(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Computes every layer for a block of <paramref name=\"rows\"/> rows into <paramref name=\"batch\"/>, each layer");
        writer.WriteLine("/// transposed at A{l}Start * <paramref name=\"capacity\"/>. Returns the sum of z - z over every z: 0 when all are");
        writer.WriteLine("/// finite, NaN otherwise. The caller checks the lengths.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"private {context.ReadonlyModifier}{number.Name} {GeneratedNames.ForwardBatch}({number.ReadOnlySpan} x, int rows, {number.Span} batch, int capacity)");
        writer.WriteLine($"int stride = {Kernels}.Stride(rows);");
        writer.WriteLine($"{number.ReadOnlySpan} parameters = {GeneratedNames.ParametersArray};");
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            writer.WriteLine($"{number.Span} {layout.ActivationRef(layer)} = batch.Slice({GeneratedNames.ActivationsStart(layer)} * capacity, {Size(shape, layer)} * stride);");
        }

        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            if (layout.KeepsZ(layer))
            {
                writer.WriteLine($"{number.Span} {layout.ZRef(layer)} = batch.Slice({layout.ZStartName(layer)} * capacity, {Size(shape, layer)} * stride);");
            }
        }

        writer.WriteLine($"{number.Name} check = {number.Zero};");
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            Activation activation = shape.ActivationOf(layer);
            string a = layout.ActivationRef(layer);
            string z = layout.KeepsZ(layer) ? layout.ZRef(layer) : a;
            string weights = $"parameters.Slice({GeneratedNames.WeightsStart(layer)}, {Size(shape, layer)} * {Size(shape, layer - 1)})";
            string biases = $"parameters.Slice({GeneratedNames.BiasesStart(layer)}, {Size(shape, layer)})";
            writer.WriteLine();
            writer.WriteComment($"Layer {l} ({shape.LayerTitle(layer)}): z{l}_j = sum_i W{l}[j, i] * {shape.Symbol(layer - 1, "i")} + b{l}[j] for every row at once, " +
                $"then {shape.Symbol(layer, "j")} = {ActivationCode.Formula(activation, $"z{l}_j")}.");
            writer.WriteLine(layer == 1
                ? $"{Kernels}.WeightedSumsOfRows({weights}, {biases}, x, rows, {z}, stride);"
                : $"{Kernels}.WeightedSums({weights}, {biases}, {layout.ActivationRef(layer - 1)}, {z}, stride);");
            if (activation == Activation.Softmax)
            {
                writer.WriteLine($"check += {Kernels}.ZeroIfFinite({z});");
                writer.WriteLine($"{ApplyName(activation)}({z}, {a}, stride);");
            }
            else if (activation == Activation.Linear)
            {
                writer.WriteLine($"check += {Kernels}.ZeroIfFinite({z});");
                if (z != a)
                {
                    writer.WriteLine($"{z}.CopyTo({a});");
                }
            }
            else
            {
                writer.WriteLine($"check += {ApplyName(activation)}({z}, {a});");
            }
        }

        writer.WriteLine();
        writer.WriteLine("return check;");
        writer.CloseBlock();
    }

    /// <summary>Output deltas and the loss of a block of rows, then the hidden deltas through the weights.</summary>
    private static void WriteBackwardBatch(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout;
        int output = shape.OutputLayer;
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Backpropagates a block of rows whose forward pass is in {GeneratedNames.BatchActivationsArray}: writes every delta to");
        writer.WriteLine($"/// {GeneratedNames.BatchDeltasArray} and returns the sum of the rows' losses. The caller checks the length of <paramref name=\"targets\"/>.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"private {number.Name} {GeneratedNames.BackwardBatch}({number.ReadOnlySpan} targets, int rows)");
        writer.WriteLine($"int stride = {Kernels}.Stride(rows);");
        writer.WriteLine($"{number.ReadOnlySpan} parameters = {GeneratedNames.ParametersArray};");
        for (int layer = 1; layer <= output; layer++)
        {
            string span = $"{Size(shape, layer)} * stride";
            if (BlockedPassesWriter.BackpropagationReadsActivation(shape, layer))
            {
                writer.WriteLine($"{number.Span} {layout.ActivationRef(layer)} = {Block(number, GeneratedNames.BatchActivationsArray, GeneratedNames.ActivationsStart(layer), span)};");
            }

            writer.WriteLine($"{number.Span} {layout.DeltaRef(layer)} = {Block(number, GeneratedNames.BatchDeltasArray, GeneratedNames.ActivationsStart(layer), span)};");
        }

        for (int layer = 1; layer <= output; layer++)
        {
            if (layout.KeepsZ(layer))
            {
                writer.WriteLine($"{number.Span} {layout.ZRef(layer)} = {Block(number, GeneratedNames.BatchActivationsArray, layout.ZStartName(layer), Size(shape, layer) + " * stride")};");
            }
        }

        writer.WriteLine();
        WriteOutputDeltas(writer, context);
        for (int layer = output - 1; layer >= 1; layer--)
        {
            string l = NetworkShape.Number(layer);
            string next = NetworkShape.Number(layer + 1);
            Activation activation = shape.ActivationOf(layer);
            writer.WriteLine();
            writer.WriteComment($"Hidden layer {l}: d{l}_j = {Formulas.HiddenDelta(activation, l, next)} for every row at once, with W{next} as the forward pass used it.");
            writer.WriteLine($"{Kernels}.BackpropagatedSums(parameters.Slice({GeneratedNames.WeightsStart(layer + 1)}, {Size(shape, layer + 1)} * {Size(shape, layer)}), " +
                $"{Size(shape, layer)}, {layout.DeltaRef(layer + 1)}, {layout.DeltaRef(layer)}, stride);");
            if (activation != Activation.Linear)
            {
                string from = ActivationCode.NeedsZ(activation) ? layout.ZRef(layer) : layout.ActivationRef(layer);
                writer.WriteLine($"{GeneratedNames.TimesDerivative(activation)}({from}, {layout.DeltaRef(layer)});");
            }
        }

        writer.WriteLine();
        LossCode loss = LossCode.For(shape);
        writer.WriteLine($"return {loss.Total(Lanes.Scalar(number), loss.Accumulator)};");
        writer.CloseBlock();
    }

    // The same formulas as one sample's BackwardPass, row by row; the padding lanes' deltas are zero.
    private static void WriteOutputDeltas(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout;
        LossCode loss = LossCode.For(shape);
        Lanes scalar = Lanes.Scalar(number);
        string L = NetworkShape.Number(shape.OutputLayer);
        string outputs = GeneratedNames.OutputCount;
        string o = layout.ActivationRef(shape.OutputLayer);
        string d = layout.DeltaRef(shape.OutputLayer);
        writer.WriteComment($"Output layer: {loss.LoopComment}; delta d{L}_k = dE/dz{L}_k = {loss.OutputDeltaFormula}.");
        if (loss.LoopNote is { } note)
        {
            writer.WriteComment(note);
        }

        writer.WriteLine($"{number.Name} {loss.Accumulator} = {number.Zero};");
        if (loss.NeedsSoftmaxNormaliser)
        {
            WriteSoftmaxOutputDeltas(writer, context, loss);
            return;
        }
        {
            var values = new LossCode.OutputValues("ok", "tk", "e", "zk", layout.KeepsOutputZ ? "zo[k * stride + r]" : null);
            writer.OpenBlock($"for (int k = 0; k < {outputs}; k++)");
            writer.OpenBlock("for (int r = 0; r < rows; r++)");
            writer.WriteLine($"{number.Name} ok = {o}[k * stride + r];");
            writer.WriteLine($"{number.Name} tk = targets[r * {outputs} + k];");
            writer.WriteLine($"{number.Name} e = ok - tk;");
            if (loss.ReadsZ)
            {
                writer.WriteLine($"{number.Name} zk = zo[k * stride + r];");
            }

            writer.WriteLine($"{loss.Accumulator} += {loss.Term(scalar, values)};");
            writer.WriteLine($"{d}[k * stride + r] = {loss.Delta(scalar, values)};");
            writer.CloseBlock();
            writer.CloseBlock();
        }

        writer.WriteLine();
        WriteClearPadding(writer, d);
    }

    // Softmax with cross-entropy, a vector of rows (lanes) at a time: the block is transposed, so output k of
    // neighbouring rows is a vector. The stride is a multiple of 16, so of every Vector<T>.Count (2 to 16): no tail.
    private static void WriteSoftmaxOutputDeltas(SourceWriter writer, BlockedEmitContext context, LossCode loss)
    {
        NumberType number = context.Number;
        BlockedCode code = context.Code;
        BlockedLayout layout = context.Layout;
        Lanes lanes = Lanes.NumericsVector(number);
        string outputs = GeneratedNames.OutputCount;
        string o = layout.ActivationRef(context.Shape.OutputLayer);
        string d = layout.DeltaRef(context.Shape.OutputLayer);
        string At(string reference) => code.Load(reference, "k * stride + r");
        writer.WriteComment($"The targets go into {d} transposed, one row per lane as the block holds them, then 0 in the padding lanes: " +
            "each lane written once, without a range check per element (the caller checked the targets' length).");
        writer.WriteLine(code.RefToSpan("deltas", d, null));
        writer.WriteLine(code.RefToSpan("tr", "targets", null));
        writer.OpenBlock($"for (int k = 0; k < {outputs}; k++)");
        writer.WriteLine(code.RefToElement("dk", "deltas", "k * stride"));
        writer.OpenBlock("for (int r = 0; r < rows; r++)");
        writer.WriteLine($"{code.At("dk", "r")} = {code.At("tr", $"r * {outputs} + k")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{d}.Slice(k * stride + rows, stride - rows).Clear();");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteComment("Each row's m = max_k z_k and max_k o_k. The largest z_k is m, so its exp(z_k - m) is exactly 1 and its output the largest, " +
            "1 / sum_j exp(z_j - m): ln(sum_j exp(z_j - m)) = -ln(max_k o_k), from the forward pass's softmax without a second exp.");
        writer.WriteLine($"{number.Span} maxima = stackalloc {number.Name}[{GeneratedNames.BatchRows}];");
        writer.WriteLine($"{number.Span} logSums = stackalloc {number.Name}[{GeneratedNames.BatchRows}];");
        writer.WriteLine(code.RefToSpan("zr", "zo", null));
        writer.WriteLine(code.RefToSpan("outputs", o, null));
        writer.WriteLine(code.RefToSpan("mr", "maxima", null));
        writer.WriteLine(code.RefToSpan("lr", "logSums", null));
        writer.OpenBlock($"for (int r = 0; r < stride; r += {code.Count})");
        writer.WriteLine($"{code.Vector} m = {code.Load("zr", "r")};");
        writer.WriteLine($"{code.Vector} largest = {code.Load("outputs", "r")};");
        writer.OpenBlock($"for (int k = 1; k < {outputs}; k++)");
        writer.WriteLine($"m = {lanes.VectorClass}.Max(m, {At("zr")});");
        writer.WriteLine($"largest = {lanes.VectorClass}.Max(largest, {At("outputs")});");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine(code.Store("m", "mr", "r"));
        writer.WriteLine(code.Store("largest", "lr", "r"));
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("for (int r = 0; r < stride; r++)");
        writer.WriteLine($"logSums[r] = -{number.Math}.Log(logSums[r]);");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteComment($"Then the loss and the deltas a vector of rows at a time, each delta written over its target; the padding lanes' targets are 0, so are their deltas and terms.");
        var values = new LossCode.OutputValues("ok", "t", "e", "zk", null);
        writer.WriteLine($"{code.Vector} losses = {code.VectorZero};");
        writer.OpenBlock($"for (int r = 0; r < stride; r += {code.Count})");
        writer.WriteLine($"{code.Vector} m = {code.Load("mr", "r")};");
        writer.WriteLine($"{code.Vector} logSum = {code.Load("lr", "r")};");
        writer.WriteLine($"{code.Vector} targetSum = {code.Load("deltas", "r")};");
        writer.OpenBlock($"for (int k = 1; k < {outputs}; k++)");
        writer.WriteLine($"targetSum += {At("deltas")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock($"for (int k = 0; k < {outputs}; k++)");
        writer.WriteLine($"{code.Vector} t = {At("deltas")};");
        writer.WriteLine($"{code.Vector} ok = {At("outputs")};");
        writer.WriteLine($"{code.Vector} zk = {At("zr")};");
        writer.WriteLine($"losses += {loss.Term(lanes, values)};");
        writer.WriteLine(code.Store(loss.Delta(lanes, values), "deltas", "k * stride + r"));
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{loss.Accumulator} += {code.Sum("losses")};");
    }

    private static void WriteClearPadding(SourceWriter writer, string d)
    {
        writer.WriteComment("The padding lanes past the last row get zero deltas, so they add nothing anywhere.");
        writer.OpenBlock($"for (int k = 0; k < {GeneratedNames.OutputCount}; k++)");
        writer.WriteLine($"{d}.Slice(k * stride + rows, stride - rows).Clear();");
        writer.CloseBlock();
    }

    /// <summary>The gradients of a block: deltas times the layer's inputs, summed over the rows.</summary>
    private static void WriteAddBatchGradients(SourceWriter writer, BlockedEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        BlockedLayout layout = context.Layout;
        writer.WriteLine($"/// <summary>Adds a block's gradients, from the deltas in {GeneratedNames.BatchDeltasArray}, to the sums in {GeneratedNames.GradientsArray};");
        writer.WriteLine($"/// writes them over whatever {GeneratedNames.GradientsArray} holds unless <paramref name=\"add\"/>.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"private void {GeneratedNames.AddBatchGradients}({number.ReadOnlySpan} x, int rows, bool add)");
        writer.WriteLine($"int stride = {Kernels}.Stride(rows);");
        writer.WriteLine($"{number.Span} gradients = {GeneratedNames.GradientsArray};");
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            string l = NetworkShape.Number(layer);
            string deltas = Block(number, GeneratedNames.BatchDeltasArray, GeneratedNames.ActivationsStart(layer), Size(shape, layer) + " * stride");
            string inputs = "x";
            writer.WriteLine();
            writer.WriteComment($"Layer {l}: dE/dW{l}[j, i] = sum over the rows of d{l}_j * {shape.Symbol(layer - 1, "i")}, dE/db{l}[j] = sum over the rows of d{l}_j.");
            if (layer > 1)
            {
                string below = Size(shape, layer - 1);
                inputs = $"{layout.ActivationRef(layer - 1)}Rows";
                writer.WriteComment($"Its inputs {layout.ActivationRef(layer - 1)} go back into rows first.");
                string activations = Block(number, GeneratedNames.BatchActivationsArray, GeneratedNames.ActivationsStart(layer - 1), below + " * stride");
                writer.WriteLine($"{number.Span} {inputs} = new {number.Span}({GeneratedNames.BatchRowsArray}, 0, rows * {below});");
                writer.WriteLine($"{Kernels}.TransposeToRows({activations}, stride, rows, {below}, {inputs});");
            }

            string arguments = $"({deltas}, stride, {inputs}, rows, " +
                $"gradients.Slice({GeneratedNames.WeightsStart(layer)}, {Size(shape, layer)} * {Size(shape, layer - 1)}), gradients.Slice({GeneratedNames.BiasesStart(layer)}, {Size(shape, layer)}));";
            writer.OpenBlock("if (add)");
            writer.WriteLine($"{Kernels}.AddGradients{arguments}");
            writer.CloseBlock();
            writer.OpenBlock("else");
            writer.WriteLine($"{Kernels}.WriteGradients{arguments}");
            writer.CloseBlock();
        }

        writer.CloseBlock();
    }

    /// <summary>
    /// The private members behind the batch methods: the forward pass of a block, with TrainBatch's
    /// backward pass and gradients when <paramref name="training"/>, or the row-by-row ones where the
    /// network is too wide for blocks.
    /// </summary>
    public static void WritePasses(SourceWriter writer, BlockedEmitContext context, bool training)
    {
        BlockedLayout layout = context.Layout;
        training &= layout.TrainsInBlocks;
        if (training || layout.PredictsInBlocks)
        {
            writer.WriteLine();
            WriteForwardBatch(writer, context);
            WriteElementwiseHelpers(writer, context, training);
        }

        if (training)
        {
            writer.WriteLine();
            WriteBackwardBatch(writer, context);
            writer.WriteLine();
            WriteAddBatchGradients(writer, context);
        }
        else if (!context.IsFrozen)
        {
            writer.WriteLine();
            BlockedPassesWriter.WriteAddGradients(writer, context);
        }
    }

    /// <summary>The elementwise helpers the batch passes call: each activation in place, and the hidden derivative.</summary>
    private static void WriteElementwiseHelpers(SourceWriter writer, BlockedEmitContext context, bool training)
    {
        NetworkShape shape = context.Shape;
        var written = new System.Collections.Generic.HashSet<Activation>();
        for (int layer = 1; layer <= shape.OutputLayer; layer++)
        {
            Activation activation = shape.ActivationOf(layer);
            if (activation != Activation.Linear && written.Add(activation))
            {
                writer.WriteLine();
                if (activation == Activation.Softmax)
                {
                    WriteSoftmaxHelper(writer, context);
                }
                else
                {
                    WriteActivationHelper(writer, context, activation);
                }
            }
        }

        if (training)
        {
            foreach (Activation hidden in shape.HiddenActivations.Where(hidden => hidden != Activation.Linear))
            {
                writer.WriteLine();
                WriteDerivativeHelper(writer, context, hidden);
            }
        }
    }

    // a = f(z) for every value, a vector at a time where the compilation has vector exp; returns sum z - z.
    private static void WriteActivationHelper(SourceWriter writer, BlockedEmitContext context, Activation activation)
    {
        NumberType number = context.Number;
        BlockedCode code = context.Code;
        bool vector = context.Spec.HasVectorExp || !ActivationCode.NeedsExp(activation);
        writer.WriteLine($"/// <summary>a = {ActivationCode.Formula(activation, "z")} for every value of <paramref name=\"z\"/>; returns the sum of z - z, 0 when every z is finite.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"private static {number.Name} {ApplyName(activation)}({number.ReadOnlySpan} z, {number.Span} a)");
        writer.WriteLine($"{number.Name} difference = {number.Zero};");
        writer.WriteLine("int n = 0;");
        if (vector)
        {
            Lanes lanes = VectorExpWriter.For(context, Lanes.NumericsVector(number));
            writer.WriteLine(code.RefToSpan("zr", "z", null));
            writer.WriteLine(code.RefToSpan("ar", "a", null));
            if (WideExp(context) && ActivationCode.NeedsExp(activation))
            {
                BlockedCode wide = code.Wide;
                WriteWideComment(writer);
                writer.OpenBlock($"if ({wide.IsHardwareAccelerated})");
                writer.WriteLine($"{wide.Vector} wideDifferences = {wide.VectorZero};");
                WriteActivationLoop(writer, wide, VectorExpWriter.For(context, Lanes.Vector512(number)), activation, "wideDifferences");
                writer.WriteLine($"difference = {wide.Sum("wideDifferences")};");
                writer.CloseBlock();
                writer.WriteLine();
            }

            writer.WriteLine($"{code.Vector} differences = {code.VectorZero};");
            WriteActivationLoop(writer, code, lanes, activation, "differences");
            writer.WriteLine($"difference += {code.Sum("differences")};");
        }

        writer.OpenBlock("for (; n < z.Length; n++)");
        writer.WriteLine($"{number.Name} zn = z[n];");
        writer.WriteLine("difference += zn - zn;");
        writer.WriteLine($"a[n] = {ActivationCode.Apply(activation, Lanes.Scalar(number), "zn")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return difference;");
        writer.CloseBlock();
    }

    // a = f(z) a vector at a time from n on, adding z - z to the vector named by differences.
    private static void WriteActivationLoop(SourceWriter writer, BlockedCode code, Lanes lanes, Activation activation, string differences)
    {
        writer.OpenBlock($"for (; n <= z.Length - {code.Count}; n += {code.Count})");
        writer.WriteLine($"{code.Vector} zn = {code.Load("zr", "n")};");
        writer.WriteLine($"{differences} += zn - zn;");
        writer.WriteLine(code.Store(ActivationCode.Apply(activation, lanes, "zn"), "ar", "n"));
        writer.CloseBlock();
        writer.WriteLine();
    }

    /// <summary>
    /// Whether the exp loops get a 512-bit pass before the Vector&lt;T&gt; one: in a double network that has its
    /// own vector exp (<see cref="VectorExpWriter"/>, so the target has Vector512). Not in a float one: .NET's
    /// Vector512.Exp of floats made the digits epoch 15% slower than Vector&lt;float&gt;'s.
    /// </summary>
    private static bool WideExp(BlockedEmitContext context) => VectorExpWriter.Applies(context) && context.Spec.HasRefAccess;

    private static void WriteWideComment(SourceWriter writer) =>
        writer.WriteComment("512-bit vectors first where the hardware has them: Vector<T> stays 256 bits wide there, and exp's chain of " +
            "dependent steps keeps few vectors in flight, so twice the lanes per instruction nearly halve the time. The " +
            "Vector<T> loop below takes what is left.");

    // o_k = exp(z_k - m) / sum_j exp(z_j - m) with m = max_j z_j, for each row (lane) of the block. The block is
    // transposed, so output k of neighbouring rows is a vector: the max, the exps, the sum and the divisions go a vector
    // of rows at a time, each lane in the order one row's scalar code takes, where the compilation has a vector exp.
    private static void WriteSoftmaxHelper(SourceWriter writer, BlockedEmitContext context)
    {
        NumberType number = context.Number;
        BlockedCode code = context.Code;
        string outputs = GeneratedNames.OutputCount;
        writer.WriteLine("/// <summary>Softmax of each row (lane) of a transposed block: o_k = exp(z_k - m) / sum_j exp(z_j - m), m = max_j z_j.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"private static void {ApplyName(Activation.Softmax)}({number.ReadOnlySpan} z, {number.Span} o, int stride)");
        writer.WriteLine("int r = 0;");
        if (context.Spec.HasVectorExp)
        {
            Lanes lanes = VectorExpWriter.For(context, Lanes.NumericsVector(number));
            writer.WriteLine(code.RefToSpan("zr", "z", null));
            writer.WriteLine(code.RefToSpan("outputs", "o", null));
            writer.WriteComment("A vector of neighbouring rows at a time: lane r holds row r's output k at k * stride + r.");
            if (WideExp(context))
            {
                BlockedCode wide = code.Wide;
                WriteWideComment(writer);
                writer.OpenBlock($"if ({wide.IsHardwareAccelerated})");
                WriteSoftmaxLoop(writer, wide, VectorExpWriter.For(context, Lanes.Vector512(number)));
                writer.CloseBlock();
                writer.WriteLine();
            }

            WriteSoftmaxLoop(writer, code, lanes);
        }

        writer.OpenBlock("for (; r < stride; r++)");
        writer.WriteLine($"{number.Name} m = z[r];");
        writer.OpenBlock($"for (int k = 1; k < {outputs}; k++)");
        writer.WriteLine($"m = {number.Math}.Max(m, z[k * stride + r]);");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{number.Name} sum = {number.Zero};");
        writer.OpenBlock($"for (int k = 0; k < {outputs}; k++)");
        writer.WriteLine($"{number.Name} s = {number.Exp}(z[k * stride + r] - m);");
        writer.WriteLine("o[k * stride + r] = s;");
        writer.WriteLine("sum += s;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{number.Name} reciprocal = {number.One} / sum;");
        writer.OpenBlock($"for (int k = 0; k < {outputs}; k++)");
        writer.WriteLine("o[k * stride + r] *= reciprocal;");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.CloseBlock();
    }

    // The softmax of a vector of rows at a time from r on.
    private static void WriteSoftmaxLoop(SourceWriter writer, BlockedCode code, Lanes lanes)
    {
        string outputs = GeneratedNames.OutputCount;
        writer.OpenBlock($"for (; r <= stride - {code.Count}; r += {code.Count})");
        writer.WriteLine($"{code.Vector} m = {code.Load("zr", "r")};");
        writer.OpenBlock($"for (int k = 1; k < {outputs}; k++)");
        writer.WriteLine($"m = {lanes.VectorClass}.Max(m, {code.Load("zr", "k * stride + r")});");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{code.Vector} sum = {code.VectorZero};");
        writer.OpenBlock($"for (int k = 0; k < {outputs}; k++)");
        writer.WriteLine($"{code.Vector} s = {lanes.Exp}({code.Load("zr", "k * stride + r")} - m);");
        writer.WriteLine(code.Store("s", "outputs", "k * stride + r"));
        writer.WriteLine("sum += s;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteComment("One division per vector of rows, then a product per output: the divider is slow, and the largest output is " +
            "still exactly 1 / sum, as the loss reads it.");
        writer.WriteLine($"{code.Vector} reciprocal = {code.VectorOne} / sum;");
        writer.OpenBlock($"for (int k = 0; k < {outputs}; k++)");
        writer.WriteLine(code.Store($"{code.Load("outputs", "k * stride + r")} * reciprocal", "outputs", "k * stride + r"));
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();
    }

    // d *= f'(a), or f'(z) for the activations whose derivative needs z; a vector at a time where the
    // derivative needs no exp or the compilation has a vector exp.
    private static void WriteDerivativeHelper(SourceWriter writer, BlockedEmitContext context, Activation activation)
    {
        NumberType number = context.Number;
        BlockedCode code = context.Code;
        bool fromZ = ActivationCode.NeedsZ(activation);
        string x = fromZ ? "z" : "a";
        string formula = fromZ ? ActivationCode.DerivativeFromZFormula(activation)! : "d *= " + ActivationCode.DerivativeFormula(activation, "a");
        writer.WriteLine($"/// <summary>{(fromZ ? "d *= " + ActivationCode.Name(activation) + "'(z)" : formula)} for every value: " +
            $"{ActivationCode.Name(activation)}'s derivative, from its {(fromZ ? "weighted sum z" : "output a")}.</summary>");
        if (fromZ)
        {
            writer.WriteComment(formula);
        }

        writer.WriteLine(GeneratedCode.Attribute);
        HotMethod.Write(writer, context);
        writer.OpenBlock($"private static void {GeneratedNames.TimesDerivative(activation)}({number.ReadOnlySpan} {x}, {number.Span} d)");
        writer.WriteLine("int n = 0;");
        if (!fromZ || !ActivationCode.NeedsExp(activation) || context.Spec.HasVectorExp)
        {
            writer.WriteLine(code.RefToSpan(x + "r", x, null));
            writer.WriteLine(code.RefToSpan("dr", "d", null));
            writer.OpenBlock($"for (; n <= d.Length - {code.Count}; n += {code.Count})");
            writer.WriteLine($"{code.Vector} {x}n = {code.Load(x + "r", "n")};");
            writer.WriteLine(code.Store($"{code.Load("dr", "n")} * {ActivationCode.Derivative(activation, VectorExpWriter.For(context, Lanes.NumericsVector(number)), "an", "zn")}", "dr", "n"));
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.OpenBlock("for (; n < d.Length; n++)");
        writer.WriteLine($"{number.Name} {x}n = {x}[n];");
        writer.WriteLine($"d[n] *= {ActivationCode.Derivative(activation, Lanes.Scalar(number), "an", "zn")};");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static string ApplyName(Activation activation) => GeneratedNames.ApplyActivation(activation);

    // A layer's part of a block buffer of TrainBatch, whose layer l starts at A{l}Start * BatchRows.
    private static string Block(NumberType number, string array, string start, string length) =>
        $"new {number.Span}({array}, {start} * {GeneratedNames.BatchRows}, {length})";

    private static string Size(NetworkShape shape, int layer) => NetworkShape.Number(shape.Size(layer));
}
