using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// Everything a writer needs to know about the network it writes, worked out once per network and
/// handed to every writer: the spec, its shape and number type, and the choices that follow from them.
/// A layout that needs more derives from it (the blocked layout's <c>BlockedEmitContext</c>).
/// </summary>
internal class EmitContext
{
    public EmitContext(NetworkSpec spec)
    {
        Spec = spec;
        Shape = new NetworkShape(spec.Layers, spec.Options);
    }

    public NetworkSpec Spec { get; }

    /// <summary>The layer sizes and the name of every value the code computes.</summary>
    public NetworkShape Shape { get; }

    /// <summary>double or float.</summary>
    public NumberType Number => Shape.NumberType;

    public NetworkOptions Options => Spec.Options;

    public bool IsFrozen => Spec.Frozen is { IsResolved: true };

    /// <summary>
    /// <c>"readonly "</c> on a struct, for members that only read the parameters, so calling them on a
    /// readonly field or an <c>in</c> parameter makes no defensive copy; empty on a class.
    /// </summary>
    public string ReadonlyModifier => Spec.TypeKeyword == "struct" ? "readonly " : string.Empty;

    /// <summary>PredictBatch and TrainBatch of the straight-line layout get SIMD paths.</summary>
    public bool Vectorize => Spec.Vectorize;

    /// <summary>The interface that declares the counts and the prediction members.</summary>
    public string PredictorInterface => Options.Precision switch
    {
        Precision.Double => "global::Unrolled.IPredictor",
        Precision.Single => "global::Unrolled.ISinglePredictor",
        _ => throw new System.ArgumentOutOfRangeException(nameof(Options), Options.Precision, "No predictor interface for this precision."),
    };

    /// <summary>The interface the network implements: the training one, or the predict-only one when frozen; null for none.</summary>
    public virtual string? Interface => IsFrozen ? PredictorInterface : Options.Precision switch
    {
        Precision.Double => "global::Unrolled.INetwork",
        Precision.Single => "global::Unrolled.ISingleNetwork",
        _ => throw new System.ArgumentOutOfRangeException(nameof(Options), Options.Precision, "No network interface for this precision."),
    };
}
