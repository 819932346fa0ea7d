namespace Unrolled.Generator.Model;

/// <summary>
/// The named options of <c>[Network]</c> that concern the whole network, already checked; defaults
/// reproduce the original contract. Each layer's activation is on its <see cref="LayerSpec"/>.
/// </summary>
internal sealed record NetworkOptions(
    Precision Precision,
    Loss Loss,
    Optimizer Optimizer,
    double Momentum,
    double Beta1,
    double Beta2,
    double Epsilon)
{
    public static NetworkOptions Default { get; } = new(Precision.Double, Loss.SquaredError, Optimizer.Sgd, 0.9, 0.9, 0.999, 1e-8);
}
