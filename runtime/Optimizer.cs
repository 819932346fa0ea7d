#if UNROLLED_GENERATOR
// The generator compiles this file too (one definition for both): in its own namespace, so a
// project that sees both assemblies never finds two types of one name.
namespace Unrolled.Generator.Model;
#else
namespace Unrolled;
#endif

/// <summary>How a gradient g moves each parameter w, given the learning rate lr. State lives in generated fields.</summary>
public enum Optimizer
{
    /// <summary>Plain gradient descent: <c>w -= lr * g</c>.</summary>
    Sgd = 0,

    /// <summary>
    /// Gradient descent with momentum <c>mu</c> (<see cref="NetworkAttribute.Momentum"/>):
    /// <c>v = mu * v + g</c>, then <c>w -= lr * v</c>.
    /// </summary>
    Momentum = 1,

    /// <summary>
    /// Adam (Kingma and Ba, 2015) with <see cref="NetworkAttribute.Beta1"/>, <see cref="NetworkAttribute.Beta2"/>
    /// and <see cref="NetworkAttribute.Epsilon"/>: <c>m = b1 * m + (1 - b1) * g</c>, <c>v = b2 * v + (1 - b2) * g^2</c>,
    /// then <c>w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)</c> at step t.
    /// </summary>
    Adam = 2,

    /// <summary>
    /// iRPROP− (Igel and Hüsken, 2000), as FANN trains by default: every parameter has its own step
    /// size, which grows by 1.2 while the gradient keeps its sign and halves when it changes sign
    /// (then that parameter does not move on that step); the parameter moves by its step size
    /// against the sign of the gradient. Meant for full-batch <c>TrainBatch</c>; the learning rate
    /// argument is the first step size.
    /// </summary>
    Rprop = 3,
}
