using System.Linq;

namespace Unrolled.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one network, and nothing else: plain strings and numbers,
/// compared by value so the incremental driver skips emission when a spec has not changed.
/// </summary>
/// <param name="Namespace">The namespace without <c>global::</c>, or empty for the global namespace.</param>
/// <param name="TypeName">The network type's name as written in C#.</param>
/// <param name="TypeKeyword"><c>class</c> or <c>struct</c>.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first.</param>
/// <param name="Layers">The layers, input layer first: each one's size, activation and kind.</param>
/// <param name="HintName">The generated file name, from the full type name.</param>
/// <param name="AutoLayout">A struct without a [StructLayout] of its own: the generated part sets LayoutKind.Auto.</param>
/// <param name="Vectorize">PredictBatch and TrainBatch get SIMD paths: the target has Vector256.Exp and Vector512.Exp (.NET 9 and later) and the network is small enough that the longer methods stay fully optimised.</param>
/// <param name="Layout">Straight-line code with a field per parameter, or blocked loops over one parameter array.</param>
/// <param name="Options">Precision, loss, optimizer and its hyper-parameters, already checked.</param>
/// <param name="Attribute">The attribute as written, on one line: <c>Network(2, 4, 1, Optimizer = Optimizer.Adam)</c>.</param>
/// <param name="Frozen">For <c>Weights = "file"</c>: the file, then the weights read from it; null for a network that trains.</param>
internal sealed record NetworkSpec(
    string Namespace,
    string TypeName,
    string TypeKeyword,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    EquatableArray<LayerSpec> Layers,
    string HintName,
    bool AutoLayout,
    bool Vectorize,
    NetworkLayout Layout,
    NetworkOptions Options,
    string Attribute,
    FrozenWeights? Frozen = null)
{
    /// <summary>Neurons per layer, input layer first.</summary>
    public int[] Sizes => Layers.Select(layer => layer.Size).ToArray();

    /// <summary>The activation of each layer after the input, the output layer's last.</summary>
    public Activation[] Activations => Layers.Skip(1).Select(layer => layer.Activation).ToArray();

    /// <summary>The cell of the hidden layers: <see cref="Cell.None"/> when they are dense.</summary>
    public Cell Cell => Layers.Count > 2 ? Layers[1].Kind switch
    {
        LayerKind.Dense => Cell.None,
        LayerKind.Gru => Cell.GRU,
        LayerKind.Lstm => Cell.LSTM,
        LayerKind.Input => throw new System.InvalidOperationException("Layer 1 is never an input layer."),
        _ => throw new System.ArgumentOutOfRangeException(nameof(Layers), Layers[1].Kind, "Unknown layer kind."),
    } : Cell.None;

    /// <summary>The output layer's activation.</summary>
    public Activation OutputActivation => Layers[Layers.Count - 1].Activation;

    /// <summary>
    /// The blocked layout reaches its arrays through ref locals: the compilation has
    /// MemoryMarshal.GetArrayDataReference, Unsafe, Vector.LoadUnsafe/StoreUnsafe and Vector.Sum
    /// (.NET 7 and later). Without them (.NET Standard 2.1, Unity) it indexes spans.
    /// </summary>
    public bool HasRefAccess { get; init; } = true;

    /// <summary>
    /// The compilation has System.Numerics.Vector.Exp (.NET 9 and later): the blocked layout's batch
    /// passes apply sigmoid and tanh a vector at a time; without it, one value at a time.
    /// </summary>
    public bool HasVectorExp { get; init; } = true;

    /// <summary>
    /// The compilation has MethodImplOptions.AggressiveOptimization (.NET Core 3.0 and later): the hot
    /// methods ask for it, so they are compiled fully optimised at their first call instead of starting
    /// at Tier0. Without it (.NET Standard 2.1, Unity) they are written without the attribute.
    /// </summary>
    public bool HasAggressiveOptimization { get; init; } = true;
}
