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
    /// The cross-entropy is computed from the output layer's z, so its z values follow the
    /// activations in the same buffer, from <see cref="OutputZStart"/>.
    /// </summary>
    public bool KeepsOutputZ => _shape.Options.Loss == Model.Loss.CrossEntropy;

    public long OutputZStart => ActivationsStart(_shape.OutputLayer + 1);

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
    public long ActivationCount => OutputZStart + (KeepsOutputZ ? _shape.OutputCount : 0);

    public bool ActivationsOnStack => ActivationCount <= MaxStackActivations;

    /// <summary>The local that refers to a layer's first activation: x for the input, a1, ..., o for the output.</summary>
    public string ActivationRef(int layer) => _shape.ActivationSymbol(layer);

    /// <summary>The local that refers to a layer's first delta: d1, ..., d{L}.</summary>
    public string DeltaRef(int layer) => "d" + NetworkShape.Number(layer);
}
