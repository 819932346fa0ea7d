using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>Where each layer's parameters, activations and deltas sit in the blocked layout's arrays.</summary>
internal sealed class BlockedLayout
{
    /// <summary>
    /// Predict and PredictBatch keep one sample's activations on the stack up to this many numbers
    /// (8 KB of doubles), so they stay safe to call from several threads; above it they use the
    /// instance's own buffer.
    /// </summary>
    public const int MaxStackActivations = 1024;

    private readonly NetworkShape _shape;

    public BlockedLayout(NetworkShape shape)
    {
        _shape = shape;
    }

    /// <summary>
    /// The cross-entropy is computed from the output layer's z, and GELU's and SiLU's derivatives
    /// from z, so those z values follow the activations in the same buffer, from <see cref="OutputZStart"/>.
    /// </summary>
    public bool KeepsOutputZ => _shape.Options.Loss == Model.Loss.CrossEntropy || ActivationCode.NeedsZ(_shape.OutputActivation);

    public long OutputZStart => ActivationsStart(_shape.OutputLayer + 1);

    /// <summary>The layer's z values are kept beside the activations: the output's for the loss, or any layer whose derivative needs z.</summary>
    public bool KeepsZ(int layer) => layer == _shape.OutputLayer ? KeepsOutputZ : ActivationCode.NeedsZ(_shape.ActivationOf(layer));

    /// <summary>Where a layer's kept z values start: the output's at <see cref="OutputZStart"/>, the hidden layers' after it, in layer order.</summary>
    public long ZStart(int layer)
    {
        long start = OutputZStart + (KeepsOutputZ ? _shape.OutputCount : 0);
        if (layer == _shape.OutputLayer)
        {
            return OutputZStart;
        }

        for (int previous = 1; previous < layer; previous++)
        {
            start += KeepsZ(previous) ? _shape.Size(previous) : 0;
        }

        return start;
    }

    /// <summary>The name of the constant <see cref="ZStart"/> is declared as.</summary>
    public string ZStartName(int layer) => layer == _shape.OutputLayer ? GeneratedNames.OutputZStart : GeneratedNames.HiddenZStart(layer);

    /// <summary>The local that refers to a layer's first kept z: zo for the output, z1, z2, ... for hidden layers.</summary>
    public string ZRef(int layer) => layer == _shape.OutputLayer ? "zo" : "z" + NetworkShape.Number(layer);

    public long WeightsStart(int layer) => BiasesStart(layer - 1) + (layer == 1 ? 0 : _shape.Size(layer - 1));

    public long BiasesStart(int layer) => layer == 0 ? 0 : WeightsStart(layer) + ((long)_shape.Size(layer) * _shape.Size(layer - 1));

    public long ActivationsStart(int layer)
    {
        long start = 0;
        for (int previous = 1; previous < layer; previous++)
        {
            start += _shape.Size(previous);
        }

        return start;
    }

    /// <summary>The activations of every layer after the input: as many as there are biases.</summary>
    public long ActivationCount
    {
        get
        {
            long end = OutputZStart + (KeepsOutputZ ? _shape.OutputCount : 0);
            for (int layer = 1; layer < _shape.OutputLayer; layer++)
            {
                end += KeepsZ(layer) ? _shape.Size(layer) : 0;
            }

            return end;
        }
    }

    public bool ActivationsOnStack => ActivationCount <= MaxStackActivations;

    /// <summary>
    /// The batch methods take the rows this many at a time where memory allows. A block this long
    /// lets each weight loaded feed several vectors of rows in the kernels' register tiles.
    /// </summary>
    public const int BatchRows = 64;

    /// <summary>The shortest block: the kernels' row alignment, one vector of floats, two of doubles, per neuron.</summary>
    public const int StackBatchRows = 16;

    /// <summary>PredictBatch's block on the stack is at most this many numbers (32 KB of doubles).</summary>
    public const int MaxStackBatch = 4096;

    /// <summary>
    /// A block's buffers are always allowed this many numbers (512 KB of doubles), and otherwise at most
    /// as many as the parameters: a network whose layers are very wide but take few inputs each would
    /// need far more memory for its blocks than for its parameters.
    /// </summary>
    public const long MinBlockBudget = 1 << 16;

    /// <summary>
    /// The rows of one block of TrainBatch, and of PredictBatch when it does not use the stack: 64, or 16
    /// where 64 would take too much memory, or 0 where even 16 would: then they go row by row.
    /// </summary>
    public int BlockRows
    {
        get
        {
            long budget = System.Math.Max(MinBlockBudget, _shape.ParameterCount);
            return ActivationCount * BatchRows <= budget ? BatchRows
                : ActivationCount * StackBatchRows <= budget ? StackBatchRows
                : 0;
        }
    }

    /// <summary>TrainBatch takes blocks of rows through the kernels.</summary>
    public bool TrainsInBlocks => BlockRows > 0;

    /// <summary>PredictBatch keeps its block on the stack: thread-safe, as Predict is for networks this small.</summary>
    public bool PredictsOnStack => ActivationsOnStack && ActivationCount * StackBatchRows <= MaxStackBatch;

    /// <summary>
    /// PredictBatch takes blocks of rows: on the stack, or in the instance's block wherever the memory
    /// allows one (<see cref="BlockRows"/> above 0). Otherwise (a block too large) it goes row by row.
    /// </summary>
    public bool PredictsInBlocks => PredictsOnStack || BlockRows > 0;

    /// <summary>
    /// Between 257 and 1,024 activations Predict keeps its one row on the stack, and so may run on several
    /// threads at once, but 16 rows do not fit there: PredictBatch borrows the instance's block, and a call
    /// that finds it borrowed by another thread goes row by row on the stack, as Predict does. PredictBatch
    /// stays safe to call from several threads, and a lone caller gets the block's speed.
    /// </summary>
    public bool BorrowsBlock => ActivationsOnStack && !PredictsOnStack && BlockRows > 0;

    /// <summary>The most neurons in one hidden layer: the size of TrainBatch's buffer of hidden activations in rows.</summary>
    public int WidestHiddenLayer
    {
        get
        {
            int widest = 0;
            for (int layer = 1; layer < _shape.OutputLayer; layer++)
            {
                widest = System.Math.Max(widest, _shape.Size(layer));
            }

            return widest;
        }
    }

    /// <summary>The local that refers to a layer's first activation: x for the input, a1, ..., o for the output.</summary>
    public string ActivationRef(int layer) => _shape.ActivationSymbol(layer);

    /// <summary>The local that refers to a layer's first delta: d1, ..., d{L}.</summary>
    public string DeltaRef(int layer) => "d" + NetworkShape.Number(layer);
}
