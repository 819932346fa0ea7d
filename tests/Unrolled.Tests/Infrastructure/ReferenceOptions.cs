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
    double Epsilon = 1e-8)
{
    public static ReferenceOptions Default { get; } = new();

    /// <summary>", Hidden = Activation.Tanh, ..." for the options that differ from the defaults.</summary>
    public string AttributeArguments()
    {
        var parts = new List<string>();
        if (Hidden != Activation.Sigmoid)
        {
            parts.Add($"Hidden = Activation.{Hidden}");
        }

        if (Output != Activation.Sigmoid)
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

    public override string ToString() => $"{Hidden}/{Output}/{Loss}/{Optimizer}";
}
