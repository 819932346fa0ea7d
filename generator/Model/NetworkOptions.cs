namespace Unrolled.Generator.Model;

/// <summary>The named options of <c>[Network]</c>, already checked; defaults reproduce the original contract.</summary>
internal sealed record NetworkOptions(
    Precision Precision,
    Activation Hidden,
    Activation Output,
    Loss Loss,
    Optimizer Optimizer,
    double Momentum,
    double Beta1,
    double Beta2,
    double Epsilon)
{
    public static NetworkOptions Default { get; } = new(Precision.Double, Activation.Sigmoid, Activation.Sigmoid, Loss.SquaredError, Optimizer.Sgd, 0.9, 0.9, 0.999, 1e-8);

    /// <summary>The activation of <paramref name="layer"/> (1 = first hidden layer) in a network whose output layer is <paramref name="outputLayer"/>.</summary>
    public Activation ActivationOf(int layer, int outputLayer) => layer == outputLayer ? Output : Hidden;
}
