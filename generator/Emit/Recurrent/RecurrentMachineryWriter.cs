using Unrolled.Generator.Emit.Blocked;
using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>
/// The machinery of a recurrent network: TrainSequenceBatch, parameter copying, the output layer, the
/// trace's growth, and the matrix products the cells' loops call.
/// </summary>
internal static class RecurrentMachineryWriter
{
    public static void WriteTrainSequenceBatch(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;
        string inputs = GeneratedNames.InputCount;
        string outputs = GeneratedNames.OutputCount;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// One training step on several sequences of equal length, one after another in the spans, each from a zero");
        writer.WriteLine("/// state: backpropagation through time over each, and one step of the optimizer along the mean gradient over");
        writer.WriteLine("/// every time step of every sequence. The state Step carries is left as it was.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine($"/// <param name=\"inputs\">The sequences' inputs, one row of {NetworkShape.Number(context.Shape.InputCount)} per time step, sequence after sequence.</param>");
        writer.WriteLine($"/// <param name=\"targets\">The outputs wanted, one row of {NetworkShape.Number(context.Shape.OutputCount)} per time step, in the same order.</param>");
        writer.WriteLine("/// <param name=\"sequenceLength\">The time steps of each sequence: at least 1, and a divisor of the row count.</param>");
        writer.WriteLine("/// <param name=\"learningRate\">The step size applied to the mean gradient: a positive finite number.</param>");
        writer.WriteLine("/// <returns>The mean loss over every time step of every sequence, before the update; or NaN or infinity, with the");
        writer.WriteLine("/// network unchanged, when a value of any row, the loss or a new value is not finite.</returns>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">The spans are empty, not whole rows, of different row counts, or");
        writer.WriteLine("/// not whole sequences.</exception>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">sequenceLength is less than 1, or learningRate is not");
        writer.WriteLine("/// positive and finite.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"public {number.Name} {RecurrentNames.TrainSequenceBatch}({number.ReadOnlySpan} inputs, {number.ReadOnlySpan} targets, int sequenceLength, {number.Name} learningRate)");
        writer.WriteLine($"int rows = {GuardCode.TypeName}.RowCount(inputs.Length, {inputs}, targets.Length, {outputs});");
        writer.WriteLine($"int sequences = {GuardCode.TypeName}.SequenceCount(rows, sequenceLength, \"sequenceLength\");");
        GuardCode.WriteLearningRateCheck(writer);
        writer.WriteLine($"global::System.Array.Clear({GeneratedNames.GradientsArray}, 0, {GeneratedNames.ParameterCount});");
        writer.WriteComment("The sum of every sequence's losses, and of x - x over the inputs: NaN or infinite if any of them is.");
        writer.WriteLine($"{number.Name} lossSum = {GeneratedNames.ZeroIfFinite}(inputs);");
        writer.OpenBlock("for (int s = 0; s < sequences; s++)");
        writer.WriteLine($"int first = s * sequenceLength;");
        writer.WriteLine($"lossSum += {RecurrentNames.AddSequenceGradients}(");
        writer.WriteLine($"    inputs.Slice(first * {inputs}, sequenceLength * {inputs}),");
        writer.WriteLine($"    targets.Slice(first * {outputs}, sequenceLength * {outputs}),");
        writer.WriteLine("    sequenceLength);");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"return {RecurrentNames.StepIfFinite}(lossSum, rows, learningRate);");
        writer.CloseBlock();
    }

    /// <summary>The end of a training step: the optimizer's step along the mean gradient, taken only when every value is finite.</summary>
    public static void WriteStepIfFinite(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Moves every parameter along its mean gradient, _gradients over <paramref name=\"count\"/> time steps, and returns the mean loss, lossSum over count. A NaN or infinity in any row or in the loss makes lossSum NaN or infinite, and a new value that overflows makes the step's check NaN: then nothing changes and that is returned.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private {number.Name} {RecurrentNames.StepIfFinite}({number.Name} lossSum, int count, {number.Name} learningRate)");
        GuardCode.WriteReturnIfNotFinite(writer, number, "lossSum", "lossSum / count");
        writer.WriteLine($"{number.Name} check = {RecurrentNames.StepAlongGradient}(learningRate, count);");
        GuardCode.WriteReturnIfNotFinite(writer, number, "check", "check");
        writer.WriteLine();
        RecurrentOptimizerWriter.WriteSwap(writer, context);
        writer.WriteLine("return lossSum / count;");
        writer.CloseBlock();
    }

    public static void WriteParameterCopying(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;
        string count = NetworkShape.Number(context.Layout.ParameterCount);
        writer.WriteLine($"/// <summary>Copies the {count} parameters to <paramref name=\"destination\"/> in PyTorch's order: for each cell W_ih, W_hh, b_ih,");
        writer.WriteLine("/// b_hh, then the output layer's W and b.</summary>");
        writer.WriteLine($"/// <param name=\"destination\">At least {count} values.</param>");
        writer.WriteLine($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"destination\"/> holds fewer than {count} values.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"public void {GeneratedNames.CopyParametersTo}({number.Span} destination)");
        writer.WriteLine($"{GuardCode.TypeName}.MinimumLength(destination.Length, {GeneratedNames.ParameterCount}, \"destination\");");
        writer.WriteLine($"new {number.ReadOnlySpan}({GeneratedNames.ParametersArray}).CopyTo(destination);");
        writer.CloseBlock();
        if (context.IsFrozen)
        {
            // The parameters are the file's: nothing sets them.
            return;
        }

        writer.WriteLine();
        writer.WriteLine($"/// <summary>Replaces all {count} parameters with <paramref name=\"source\"/>, in the order <see cref=\"{GeneratedNames.CopyParametersTo}\"/> writes them.</summary>");
        writer.WriteLine($"/// <param name=\"source\">Exactly {count} values.</param>");
        writer.WriteLine($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"source\"/> does not hold exactly {count} values; the network is left unchanged.</exception>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"public void {GeneratedNames.SetParameters}({number.ReadOnlySpan} source)");
        writer.WriteLine($"{GuardCode.TypeName}.ExactLength(source.Length, {GeneratedNames.ParameterCount}, \"source\");");
        writer.WriteLine($"source.CopyTo({GeneratedNames.ParametersArray});");
        writer.WriteLine($"{RecurrentNames.PackColumns}();");
        RecurrentOptimizerWriter.WriteReset(writer, context);
        writer.CloseBlock();
    }

    /// <summary>The output layer on the top cell's h: Output for Step, OutputLoss (with the loss and the deltas) for training.</summary>
    public static void WriteOutputLayer(SourceWriter writer, RecurrentEmitContext context)
    {
        NetworkShape shape = context.Shape;
        NumberType number = context.Number;
        int output = shape.OutputLayer;
        string o = NetworkShape.Number(output);
        string h = RecurrentEmitContext.StateSymbol(output - 1);
        Activation activation = shape.OutputActivation;
        if (StraightLine.RecurrentStraightLine.Applies(context))
        {
            StraightLine.RecurrentStraightLineMachinery.WriteOutput(writer, context);
        }
        else
        {
            writer.WriteLine($"/// <summary>The output layer: o = {ActivationCode.Name(activation)}(W{o} {h} + b{o}), written to <paramref name=\"o\"/>.</summary>");
            writer.WriteLine(GeneratedCode.Attribute);
            writer.OpenBlock($"private void {RecurrentNames.Output}({number.ReadOnlySpan} h, {number.Span} o)");
            writer.WriteLine($"{number.Span} z = o.Slice(0, {GeneratedNames.OutputCount});");
            WriteSums(writer, number, output);
            WriteActivation(writer, context, "z", "z");
            writer.CloseBlock();
        }

        if (context.IsFrozen)
        {
            // Training's output layer, with the loss and the deltas, is for a network that trains.
            return;
        }

        writer.WriteLine();
        if (StraightLine.RecurrentStraightLine.Applies(context))
        {
            StraightLine.RecurrentStraightLineMachinery.WriteOutputLoss(writer, context);
            return;
        }

        LossCode loss = LossCode.For(shape);
        Lanes scalar = Lanes.Scalar(number);
        writer.WriteLine($"/// <summary>The output layer at one time step of training: o from <paramref name=\"h\"/>, this step's loss {loss.Expression}");
        writer.WriteLine($"/// (returned) and each output's delta d_k = dE/dz_k = {loss.OutputDeltaFormula} (into <paramref name=\"deltas\"/>).</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private {number.Name} {RecurrentNames.OutputLoss}({number.ReadOnlySpan} h, {number.ReadOnlySpan} t, {number.Span} deltas)");
        writer.WriteLine($"{number.Span} z = stackalloc {number.Name}[{GeneratedNames.OutputCount}];");
        writer.WriteLine($"{number.Span} o = stackalloc {number.Name}[{GeneratedNames.OutputCount}];");
        WriteSums(writer, number, output);
        WriteActivation(writer, context, "z", "o");
        if (loss.NeedsSoftmaxNormaliser)
        {
            writer.WriteComment("The softmax's largest z and ln(sum_j exp(z_j - m)), for a loss that stays finite.");
            writer.WriteLine($"{number.Name} m = z[0];");
            writer.OpenBlock($"for (int k = 1; k < {GeneratedNames.OutputCount}; k++)");
            writer.WriteLine($"m = {number.Math}.Max(m, z[k]);");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"{number.Name} expSum = {number.Zero};");
            writer.OpenBlock($"for (int k = 0; k < {GeneratedNames.OutputCount}; k++)");
            writer.WriteLine($"expSum += {number.Exp}(z[k] - m);");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"{number.Name} logSum = {number.Math}.Log(expSum);");
            writer.WriteLine($"{number.Name} targetSum = {number.Zero};");
            writer.OpenBlock($"for (int k = 0; k < {GeneratedNames.OutputCount}; k++)");
            writer.WriteLine("targetSum += t[k];");
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.WriteLine($"{number.Name} {loss.Accumulator} = {number.Zero};");
        var values = new LossCode.OutputValues("ok", "tk", "e", "zk", ActivationCode.NeedsZ(activation) ? "z[k]" : null);
        writer.WriteComment($"{loss.LoopComment}; d_k = {loss.OutputDeltaFormula}.");
        writer.OpenBlock($"for (int k = 0; k < {GeneratedNames.OutputCount}; k++)");
        writer.WriteLine($"{number.Name} ok = o[k];");
        writer.WriteLine($"{number.Name} tk = t[k];");
        if (!loss.NeedsSoftmaxNormaliser)
        {
            writer.WriteLine($"{number.Name} e = ok - tk;");
        }

        if (loss.ReadsZ)
        {
            writer.WriteLine($"{number.Name} zk = z[k];");
        }

        writer.WriteLine($"{loss.Accumulator} += {loss.Term(scalar, values)};");
        writer.WriteLine($"deltas[k] = {loss.Delta(scalar, values)};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"return {loss.Total(scalar, loss.Accumulator)};");
        writer.CloseBlock();
    }

    /// <summary>Sigmoid and Tanh over a whole gate, a SIMD vector at a time where the compilation has a vector exp.</summary>
    public static void WriteActivationHelpers(SourceWriter writer, RecurrentEmitContext context)
    {
        BlockedCode code = new(context.Number, context.Spec.HasRefAccess);
        NumberType number = context.Number;
        string span = number.Span;
        foreach ((string name, Activation activation) in new[] { (RecurrentNames.Sigmoid, Activation.Sigmoid), (RecurrentNames.Tanh, Activation.Tanh) })
        {
            writer.WriteLine();
            writer.WriteLine($"/// <summary>Each value v becomes {ActivationCode.Formula(activation, "v")}" +
                (context.Spec.HasVectorExp ? ", a vector at a time." : ".") + "</summary>");
            writer.WriteLine(GeneratedCode.Attribute);
            writer.OpenBlock($"private static void {name}({span} y)");
            Lanes scalar = Lanes.Scalar(number);
            if (context.Spec.HasVectorExp)
            {
                Lanes vector = Lanes.NumericsVector(number);
                WriteElementwise(writer, code, "y", "y.Length", i => ActivationCode.Apply(activation, vector, "v" + i), i => ActivationCode.Apply(activation, scalar, code.At("ys", i)), null, null, vectorLocal: true);
            }
            else
            {
                writer.OpenBlock("for (int i = 0; i < y.Length; i++)");
                writer.WriteLine($"y[i] = {ActivationCode.Apply(activation, scalar, "y[i]")};");
                writer.CloseBlock();
            }

            writer.CloseBlock();
        }
    }

    public static void WriteZeroIfFinite(SourceWriter writer, NumberType number)
    {
        writer.WriteLine("/// <summary>0 when every value of <paramref name=\"values\"/> is finite, NaN otherwise: x - x is NaN only for NaN or infinity.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private static {number.Name} {GeneratedNames.ZeroIfFinite}({number.ReadOnlySpan} values)");
        writer.WriteLine($"{number.Name} difference = {number.Zero};");
        writer.OpenBlock("for (int i = 0; i < values.Length; i++)");
        writer.WriteLine("difference += values[i] - values[i];");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return difference;");
        writer.CloseBlock();
    }

    public static void WriteEnsureTrace(SourceWriter writer, NumberType number)
    {
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Makes the trace long enough for a sequence of <paramref name=\"steps\"/> time steps and clears its row 0, the zero state");
        writer.WriteLine("/// before the first step. A new array only when the sequence is longer than every one before, so training on sequences");
        writer.WriteLine("/// of one length allocates once.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {RecurrentNames.EnsureTrace}(int steps)");
        writer.WriteLine($"long length = (steps + 1L) * {RecurrentNames.TraceStride};");
        writer.OpenBlock($"if ({RecurrentNames.TraceArray}.Length < length)");
        writer.WriteLine($"{RecurrentNames.TraceArray} = new {number.Name}[length];");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"global::System.Array.Clear({RecurrentNames.TraceArray}, 0, {RecurrentNames.TraceStride});");
        writer.CloseBlock();
    }

    /// <summary>Refreshes the packed W_ih^T and W_hh^T of every cell, which Step and training read, from the parameters.</summary>
    public static void WritePackColumns(SourceWriter writer, RecurrentEmitContext context)
    {
        NumberType number = context.Number;
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Writes every cell's W_ih and W_hh transposed into {RecurrentNames.ColumnsArray}, where the forward step reads a weight");
        writer.WriteLine("/// column, one weight per gate row, for each input or state value. Called whenever the parameters change.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private void {RecurrentNames.PackColumns}()");
        writer.WriteLine($"{number.ReadOnlySpan} parameters = {GeneratedNames.ParametersArray};");
        writer.WriteLine($"{number.Span} columns = {RecurrentNames.ColumnsArray};");
        WriteColumnPacking(writer, context);
        writer.CloseBlock();
    }

    /// <summary>The body of the packing, from the span parameters into the span columns: a frozen network packs its columns once with it.</summary>
    public static void WriteColumnPacking(SourceWriter writer, RecurrentEmitContext context)
    {
        NetworkShape shape = context.Shape;
        RecurrentLayout layout = context.Layout;
        for (int layer = 1; layer < shape.OutputLayer; layer++)
        {
            string rows = NetworkShape.Number(layout.GateRows(layer));
            string inputs = NetworkShape.Number(shape.Size(layer - 1));
            string size = NetworkShape.Number(shape.Size(layer));
            writer.WriteLine($"{RecurrentNames.Transpose}(parameters.Slice({RecurrentNames.InputWeights(layer)}, {rows} * {inputs}), {rows}, columns.Slice({RecurrentNames.InputColumns(layer)}, {rows} * {inputs}));");
            writer.WriteLine($"{RecurrentNames.Transpose}(parameters.Slice({RecurrentNames.HiddenWeights(layer)}, {rows} * {size}), {rows}, columns.Slice({RecurrentNames.HiddenColumns(layer)}, {rows} * {size}));");
        }
    }

    /// <summary>
    /// The vector work the cells' loops call: matrix products, sums, and sigmoid and tanh over whole gates, a SIMD
    /// vector of neighbouring values at a time with a scalar tail. The callers pass slices of the right lengths.
    /// </summary>
    public static void WriteVectorHelpers(SourceWriter writer, RecurrentEmitContext context)
    {
        BlockedCode code = new(context.Number, context.Spec.HasRefAccess);
        NumberType number = context.Number;
        string span = number.Span;
        string readOnly = number.ReadOnlySpan;

        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// y_j += sum_i M[i, j] * x_i with M row-major, x.Length rows of y.Length: y += M^T x. A vector of neighbouring y_j");
        writer.WriteLine("/// is summed over the rows in a register, so each weight is read once.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private static void {RecurrentNames.AddTransposedProduct}({readOnly} matrix, {readOnly} x, {span} y)");
        writer.WriteLine(code.RefToSpan("m", "matrix", null));
        writer.WriteLine(code.RefToSpan("xs", "x", null));
        writer.WriteLine(code.RefToSpan("ys", "y", null));
        writer.WriteLine("int columns = y.Length;");
        writer.WriteLine("int j = 0;");
        writer.WriteComment("Two vectors of sums at a time share each x_i and halve the loop's overhead.");
        writer.OpenBlock($"for (; j <= columns - 2 * {code.Count}; j += 2 * {code.Count})");
        writer.WriteLine($"{code.Vector} sum0 = {code.Load("ys", "j")};");
        writer.WriteLine($"{code.Vector} sum1 = {code.Load("ys", $"j + {code.Count}")};");
        writer.OpenBlock("for (int i = 0; i < x.Length; i++)");
        writer.WriteLine($"{number.Name} xi = {code.At("xs", "i")};");
        writer.WriteLine($"sum0 += {code.Load("m", "i * columns + j")} * xi;");
        writer.WriteLine($"sum1 += {code.Load("m", $"i * columns + j + {code.Count}")} * xi;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine(code.Store("sum0", "ys", "j"));
        writer.WriteLine(code.Store("sum1", "ys", $"j + {code.Count}"));
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock($"for (; j <= columns - {code.Count}; j += {code.Count})");
        writer.WriteLine($"{code.Vector} sum = {code.Load("ys", "j")};");
        writer.OpenBlock("for (int i = 0; i < x.Length; i++)");
        writer.WriteLine($"sum += {code.Load("m", "i * columns + j")} * {code.At("xs", "i")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine(code.Store("sum", "ys", "j"));
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("for (; j < columns; j++)");
        writer.WriteLine($"{number.Name} sum = {code.At("ys", "j")};");
        writer.OpenBlock("for (int i = 0; i < x.Length; i++)");
        writer.WriteLine($"sum += {code.At("m", "i * columns + j")} * {code.At("xs", "i")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{code.At("ys", "j")} = sum;");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();

        writer.WriteLine("/// <summary>sums_g = biases_g + sum_j W[g, j] * x_j with W row-major, sums.Length rows of x.Length: b + W x, a dot product per row.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private static void {RecurrentNames.LayerSums}({readOnly} biases, {readOnly} weights, {readOnly} x, {span} sums)");
        writer.WriteLine(code.RefToSpan("xs", "x", null));
        writer.OpenBlock("for (int g = 0; g < sums.Length; g++)");
        writer.WriteLine(code.RefToSpan("row", "weights", "g * x.Length"));
        writer.WriteLine($"{code.Vector} products = {code.VectorZero};");
        writer.WriteLine("int j = 0;");
        writer.OpenBlock($"for (; j <= x.Length - {code.Count}; j += {code.Count})");
        writer.WriteLine($"products += {code.Load("row", "j")} * {code.Load("xs", "j")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"{number.Name} sum = {code.Sum("products")};");
        writer.OpenBlock("for (; j < x.Length; j++)");
        writer.WriteLine($"sum += {code.At("row", "j")} * {code.At("xs", "j")};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("sums[g] = biases[g] + sum;");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();

        writer.WriteLine("/// <summary>M[g, i] += d_g * x_i with M row-major, d.Length rows of x.Length: M += d x^T.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private static void {RecurrentNames.AddOuterProduct}({span} matrix, {readOnly} d, {readOnly} x)");
        writer.WriteLine(code.RefToSpan("xs", "x", null));
        writer.OpenBlock("for (int g = 0; g < d.Length; g++)");
        writer.WriteLine($"{number.Name} dg = d[g];");
        writer.WriteLine(code.RefToSpan("row", "matrix", "g * x.Length"));
        writer.WriteLine("int i = 0;");
        writer.OpenBlock($"for (; i <= x.Length - {code.Count}; i += {code.Count})");
        writer.WriteLine(code.Store($"{code.Load("row", "i")} + {code.Load("xs", "i")} * dg", "row", "i"));
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("for (; i < x.Length; i++)");
        writer.WriteLine($"{code.At("row", "i")} += dg * {code.At("xs", "i")};");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();

        writer.WriteLine("/// <summary>y_i += x_i.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private static void {RecurrentNames.AddTo}({span} y, {readOnly} x)");
        WriteElementwise(writer, code, "y", "x.Length", i => $"{code.Load("ys", i)} + {code.Load("xs", i)}", i => $"{code.At("ys", i)} + {code.At("xs", i)}", "xs", "x");
        writer.CloseBlock();

        WriteActivationHelpers(writer, context);
        writer.WriteLine();
        writer.WriteLine("/// <summary>to[i, g] = from[g, i]: the rows of a row-major matrix of from.Length / to's rows become its columns.</summary>");
        writer.WriteLine(GeneratedCode.Attribute);
        writer.OpenBlock($"private static void {RecurrentNames.Transpose}({readOnly} from, int rows, {span} to)");
        writer.WriteLine("int columns = from.Length / rows;");
        writer.OpenBlock("for (int g = 0; g < rows; g++)");
        writer.OpenBlock("for (int i = 0; i < columns; i++)");
        writer.WriteLine("to[i * rows + g] = from[g * columns + i];");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.CloseBlock();
    }

    // y[i] = vector(i) a vector at a time, then scalar(i) for the rest; ys is y's ref (and, given, other's).
    private static void WriteElementwise(SourceWriter writer, BlockedCode code, string y, string length, System.Func<string, string> vector,
        System.Func<string, string> scalar, string? otherRef, string? other, bool vectorLocal = false)
    {
        writer.WriteLine(code.RefToSpan("ys", y, null));
        if (otherRef is not null && other is not null)
        {
            writer.WriteLine(code.RefToSpan(otherRef, other, null));
        }

        writer.WriteLine("int i = 0;");
        writer.OpenBlock($"for (; i <= {length} - {code.Count}; i += {code.Count})");
        if (vectorLocal)
        {
            writer.WriteLine($"{code.Vector} vi = {code.Load("ys", "i")};");
        }

        writer.WriteLine(code.Store(vector("i"), "ys", "i"));
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock($"for (; i < {length}; i++)");
        writer.WriteLine($"{code.At("ys", "i")} = {scalar("i")};");
        writer.CloseBlock();
    }

    // z = b + W h into the span z.
    private static void WriteSums(SourceWriter writer, NumberType number, int output)
    {
        writer.WriteLine($"{RecurrentNames.LayerSums}(new {number.ReadOnlySpan}({GeneratedNames.ParametersArray}, {GeneratedNames.BiasesStart(output)}, {GeneratedNames.OutputCount}),");
        writer.WriteLine($"    new {number.ReadOnlySpan}({GeneratedNames.ParametersArray}, {GeneratedNames.WeightsStart(output)}, {GeneratedNames.OutputCount} * h.Length), h, z);");
    }

    // to_k = f(z_k), or the softmax of z.
    private static void WriteActivation(SourceWriter writer, RecurrentEmitContext context, string z, string to)
    {
        NumberType number = context.Number;
        Activation activation = context.Shape.OutputActivation;
        if (activation == Activation.Softmax)
        {
            writer.WriteComment("Softmax: exp(z_k - m) / sum_j exp(z_j - m), with m the largest z, so no exp overflows.");
            writer.WriteLine($"{number.Name} max = {z}[0];");
            writer.OpenBlock($"for (int k = 1; k < {GeneratedNames.OutputCount}; k++)");
            writer.WriteLine($"max = {number.Math}.Max(max, {z}[k]);");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"{number.Name} sum = {number.Zero};");
            writer.OpenBlock($"for (int k = 0; k < {GeneratedNames.OutputCount}; k++)");
            writer.WriteLine($"{to}[k] = {number.Exp}({z}[k] - max);");
            writer.WriteLine($"sum += {to}[k];");
            writer.CloseBlock();
            writer.WriteLine();
            writer.OpenBlock($"for (int k = 0; k < {GeneratedNames.OutputCount}; k++)");
            writer.WriteLine($"{to}[k] /= sum;");
            writer.CloseBlock();
            return;
        }

        if (activation == Activation.Linear && z == to)
        {
            return;
        }

        writer.OpenBlock($"for (int k = 0; k < {GeneratedNames.OutputCount}; k++)");
        writer.WriteLine($"{to}[k] = {ActivationCode.Apply(activation, Lanes.Scalar(number), $"{z}[k]")};");
        writer.CloseBlock();
    }
}
