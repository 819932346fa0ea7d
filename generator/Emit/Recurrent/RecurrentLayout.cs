using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>
/// Where a recurrent network keeps its numbers. The parameters are in PyTorch's order, so
/// <c>CopyParametersTo</c> and <c>SetParameters</c> map one to one onto <c>named_parameters()</c>: for each
/// cell W_ih (gates x inputs), W_hh (gates x hidden), b_ih and b_hh, each gate's rows in PyTorch's gate
/// order; then the dense output layer's W (row-major) and b. The state holds each cell's h (and an LSTM's
/// c). Training keeps a trace: one row per time step with what each cell's backward step reads (its h, its
/// gates) and the output's deltas; row 0 is the zero state the sequence starts from.
/// </summary>
internal sealed class RecurrentLayout
{
    private readonly NetworkShape _shape;

    public RecurrentLayout(NetworkShape shape)
    {
        _shape = shape;
        Cells = [.. Enumerable.Range(1, shape.OutputLayer - 1).Select(layer => CellCode.For(shape.LayerSpecs[layer].Kind))];
    }

    /// <summary>The cell of each hidden layer: Cells[0] is layer 1's.</summary>
    public IReadOnlyList<CellCode> Cells { get; }

    public CellCode CellOf(int layer) => Cells[layer - 1];

    public int OutputLayer => _shape.OutputLayer;

    /// <summary>Rows of W_ih and W_hh: one per gate and hidden unit.</summary>
    public int GateRows(int layer) => CellOf(layer).Gates.Length * _shape.Size(layer);

    public long InputWeightsStart(int layer) => layer == 1 ? 0 : OutputWeightsStartAfter(layer - 1);

    public long HiddenWeightsStart(int layer) => InputWeightsStart(layer) + ((long)GateRows(layer) * _shape.Size(layer - 1));

    public long InputBiasesStart(int layer) => HiddenWeightsStart(layer) + ((long)GateRows(layer) * _shape.Size(layer));

    public long HiddenBiasesStart(int layer) => InputBiasesStart(layer) + GateRows(layer);

    public long OutputWeightsStart => OutputWeightsStartAfter(OutputLayer - 1);

    public long OutputBiasesStart => OutputWeightsStart + ((long)_shape.OutputCount * _shape.Size(OutputLayer - 1));

    public long ParameterCount => OutputBiasesStart + _shape.OutputCount;

    /// <summary>Where cell <paramref name="layer"/>'s h starts in the state; an LSTM's c follows it.</summary>
    public long StateStart(int layer) => Enumerable.Range(1, layer - 1).Sum(l => (long)_shape.Size(l) * CellOf(l).StateVectors);

    public long StateCount => StateStart(OutputLayer);

    /// <summary>Where cell <paramref name="layer"/>'s values start in a trace row: its h first, then the rest of its record.</summary>
    public long TraceStart(int layer) => Enumerable.Range(1, layer - 1).Sum(l => (long)_shape.Size(l) * CellOf(l).Record.Length);

    public long OutputDeltasStart => TraceStart(OutputLayer);

    public long TraceStride => OutputDeltasStart + _shape.OutputCount;

    /// <summary>The widest gate vector: the scratch a cell's step and backward step work in (twice, for a GRU).</summary>
    public long ScratchCount => Enumerable.Range(1, OutputLayer - 1).Max(l => 2L * GateRows(l));

    /// <summary>Where cell <paramref name="layer"/>'s W_ih^T starts in the packed columns; its W_hh^T follows it.</summary>
    public long InputColumnsStart(int layer) => Enumerable.Range(1, layer - 1).Sum(l => (long)GateRows(l) * (_shape.Size(l - 1) + _shape.Size(l)));

    public long HiddenColumnsStart(int layer) => InputColumnsStart(layer) + ((long)GateRows(layer) * _shape.Size(layer - 1));

    public long ColumnCount => InputColumnsStart(OutputLayer);

    private long OutputWeightsStartAfter(int layer) => HiddenBiasesStart(layer) + GateRows(layer);
}
