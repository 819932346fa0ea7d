using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>
/// What a recurrent cell means, in one place: its gates, its equations as the header and comments show
/// them, what it records at each time step, and the code of one forward and one backward time step. The
/// writers of the recurrent layout walk the layers and ask the cell.
/// </summary>
/// <remarks>
/// A cell's record is laid out with its state first (h, and an LSTM's c), so the state kept between
/// <c>Step</c> calls and the previous time step's record are read the same way.
/// </remarks>
internal abstract class CellCode
{
    public static CellCode For(LayerKind kind) => kind switch
    {
        LayerKind.Gru => GruCode.Instance,
        LayerKind.Lstm => LstmCode.Instance,
        LayerKind.Input or LayerKind.Dense => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "Not a recurrent cell."),
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "No cell for this layer kind."),
    };

    /// <summary>"GRU", "LSTM".</summary>
    public abstract string Name { get; }

    /// <summary>The gates in PyTorch's order: the order of the rows of W_ih, W_hh, b_ih and b_hh.</summary>
    public abstract string[] Gates { get; }

    /// <summary>What one time step of the cell writes, one vector of its size each, the state first.</summary>
    public abstract string[] Record { get; }

    /// <summary>Vectors of state kept between time steps: h, and an LSTM's c.</summary>
    public abstract int StateVectors { get; }

    /// <summary>The cell's equations, one per line, for the header.</summary>
    public abstract string[] Equations { get; }

    /// <summary>The backward step's equations, one per line, for the header.</summary>
    public abstract string[] BackwardEquations { get; }

    /// <summary>
    /// The body of one forward time step: reads <c>x</c> and <c>previous</c> (the last state), writes <c>record</c>,
    /// may use <c>scratch</c>; <c>parameters</c> is the parameter span.
    /// </summary>
    public abstract void WriteForward(SourceWriter writer, RecurrentEmitContext context, int layer);

    /// <summary>
    /// The body of one backward time step: from <c>carry</c> (dE/dh, and dE/dc, at this step) it adds this step's
    /// gradients to <c>gradients</c>, leaves in <c>carry</c> dE/d of the previous state, and adds dE/dx into
    /// <c>below</c> (the layer below's carry) unless the cell reads the inputs.
    /// </summary>
    public abstract void WriteBackward(SourceWriter writer, RecurrentEmitContext context, int layer);

    /// <summary>
    /// The fused step's body for unit j (or a vector of units from j): its gates from the input's and the state's
    /// gate sums, and its new state over the old, the equations of <see cref="WriteForward"/> in the same order.
    /// </summary>
    public abstract void WriteStepUnits(SourceWriter writer, StepUnits units);

    /// <summary>The spans of the record, named by its entries.</summary>
    protected void WriteRecordSlices(SourceWriter writer, RecurrentEmitContext context, int layer, string record, bool writable, params string[] skipped)
    {
        string span = writable ? context.Number.Span : context.Number.ReadOnlySpan;
        string size = NetworkShape.Number(context.Shape.Size(layer));
        for (int entry = 0; entry < Record.Length; entry++)
        {
            if (System.Array.IndexOf(skipped, Record[entry]) >= 0)
            {
                continue;
            }

            string start = entry == 0 ? "0" : $"{NetworkShape.Number(entry)} * {size}";
            writer.WriteLine($"{span} {Record[entry]} = {record}.Slice({start}, {size});");
        }
    }

    /// <summary>The four gradient additions of a cell: W_ih, W_hh, b_ih, b_hh.</summary>
    protected static void WriteGradients(SourceWriter writer, int layer, string rows, string inputPart, string hiddenPart)
    {
        writer.WriteComment($"dE/dW_ih += {inputPart} x^T, dE/dW_hh += {hiddenPart} hPrev^T, dE/db_ih += {inputPart}, dE/db_hh += {hiddenPart}.");
        writer.WriteLine($"{RecurrentNames.AddOuterProduct}(gradients.Slice({RecurrentNames.InputWeights(layer)}, {rows} * x.Length), {inputPart}, x);");
        writer.WriteLine($"{RecurrentNames.AddOuterProduct}(gradients.Slice({RecurrentNames.HiddenWeights(layer)}, {rows} * hPrev.Length), {hiddenPart}, hPrev);");
        writer.WriteLine($"{RecurrentNames.AddTo}(gradients.Slice({RecurrentNames.InputBiases(layer)}, {rows}), {inputPart});");
        writer.WriteLine($"{RecurrentNames.AddTo}(gradients.Slice({RecurrentNames.HiddenBiases(layer)}, {rows}), {hiddenPart});");
    }

    /// <summary>dE/dhPrev += W_hh^T (dE/d state part); dE/dx += W_ih^T (dE/d input part) for a cell above another.</summary>
    protected static void WriteBackToInputs(SourceWriter writer, int layer, string rows, string size, string inputPart, string hiddenPart)
    {
        writer.WriteComment("dE/dhPrev += W_hh^T (dE/d state part): what the previous time step passes on.");
        writer.WriteLine($"{RecurrentNames.AddTransposedProduct}(parameters.Slice({RecurrentNames.HiddenWeights(layer)}, {rows} * {size}), {hiddenPart}, carry.Slice(0, {size}));");
        if (layer > 1)
        {
            writer.WriteComment("dE/dx += W_ih^T (dE/d input part): x is the cell below's h at this step.");
            writer.WriteLine($"{RecurrentNames.AddTransposedProduct}(parameters.Slice({RecurrentNames.InputWeights(layer)}, {rows} * x.Length), {inputPart}, below);");
        }
    }
}
