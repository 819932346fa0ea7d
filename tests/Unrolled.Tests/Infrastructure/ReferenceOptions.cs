namespace Unrolled.Tests.Infrastructure;

/// <summary>The attribute's named options, for the reference network and for generating test sources.</summary>
internal sealed record ReferenceOptions(
    Activation Hidden = Activation.Sigmoid,
    Activation Output = Activation.Sigmoid,
    Loss Loss = Loss.SquaredError,
    Optimizer Optimizer = Optimizer.Sgd,
    double Momentum = 0.9,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Epsilon = 1e-8,
    Activation[]? HiddenLayers = null)
{
    public static ReferenceOptions Default { get; } = new();

    /// <summary>
    /// The activation of <paramref name="layer"/> (1 = first hidden) of a network of <paramref name="layerCount"/>
    /// layers: <see cref="Output"/> for the output layer; with <see cref="HiddenLayers"/>, hidden layer l takes
    /// entry (l - 1) of that list, cycling, so one configuration gives layers that differ at every depth.
    /// </summary>
    public Activation ActivationOf(int layer, int layerCount) =>
        layer == layerCount - 1 ? Output
        : HiddenLayers is { Length: > 0 } list ? list[(layer - 1) % list.Length]
        : Hidden;

    /// <summary>The activation of every layer after the input.</summary>
    public Activation[] ActivationsFor(int[] layers) => [.. Enumerable.Range(1, layers.Length - 1).Select(l => ActivationOf(l, layers.Length))];

    /// <summary>", Hidden = Activation.Tanh, ..." for the options that differ from the defaults; <c>Activations = ...</c> with <see cref="HiddenLayers"/>.</summary>
    public string AttributeArguments(int[]? layers = null)
    {
        var parts = new List<string>();
        if (HiddenLayers is not null)
        {
            ArgumentNullException.ThrowIfNull(layers);
            parts.Add("Activations = new[] { " + string.Join(", ", ActivationsFor(layers).Select(a => "Activation." + a)) + " }");
        }
        else if (Hidden != Activation.Sigmoid)
        {
            parts.Add($"Hidden = Activation.{Hidden}");
        }

        if (Output != Activation.Sigmoid && HiddenLayers is null)
        {
            parts.Add($"Output = Activation.{Output}");
        }

        if (Loss != Loss.SquaredError)
        {
            parts.Add($"Loss = Loss.{Loss}");
        }

        if (Optimizer != Optimizer.Sgd)
        {
            parts.Add($"Optimizer = Optimizer.{Optimizer}");
        }

        return string.Concat(parts.Select(p => ", " + p));
    }

    public override string ToString() =>
        $"{(HiddenLayers is null ? Hidden.ToString() : string.Join("+", HiddenLayers))}/{Output}/{Loss}/{Optimizer}";
}
