namespace Unrolled.Tests.Runtime;

// Networks for the training helper's tests. ReLU into a linear output bounds nothing, so a learning
// rate far too large makes the loss grow epoch after epoch: a bad epoch that comes after good ones.

/// <summary>2-4-1, ReLU, linear output, momentum.</summary>
[Network(2, 4, 1, Hidden = Activation.ReLU, Output = Activation.Linear, Optimizer = Optimizer.Momentum)]
internal sealed partial class MomentumRegression;

/// <summary>2-4-1, ReLU, linear output, Adam.</summary>
[Network(2, 4, 1, Hidden = Activation.ReLU, Output = Activation.Linear, Optimizer = Optimizer.Adam)]
internal sealed partial class AdamRegression;

/// <summary>2-4-1 in float, ReLU, linear output, momentum.</summary>
[Network(2, 4, 1, Hidden = Activation.ReLU, Output = Activation.Linear, Optimizer = Optimizer.Momentum, Precision = Precision.Single)]
internal sealed partial class SingleMomentumRegression;

/// <summary>2-4-1 in float, ReLU, linear output, Adam.</summary>
[Network(2, 4, 1, Hidden = Activation.ReLU, Output = Activation.Linear, Optimizer = Optimizer.Adam, Precision = Precision.Single)]
internal sealed partial class SingleAdamRegression;

/// <summary>3-5-2 in float, LeakyReLU, sigmoid output, cross-entropy, momentum: the float twin of OptionNetworks' C8T0.</summary>
[Network(3, 5, 2, Hidden = Activation.LeakyReLU, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Momentum, Momentum = 0.5, Precision = Precision.Single)]
internal sealed partial class SingleCrossEntropyMomentum;
