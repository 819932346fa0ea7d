namespace Unrolled.Tests.Numerics;

/// <summary>Networks generated at build time into the test assembly itself, as a user's project would have them.</summary>
[Network(2, 4, 1)]
internal sealed partial class XorNetwork;

/// <summary>A struct with two hidden layers, to measure the struct path too.</summary>
[Network(3, 5, 4, 2)]
internal partial struct DeepStructNetwork;

/// <summary>2-4-1 in float, straight-line code.</summary>
[Network(2, 4, 1, Precision = Precision.Single)]
internal sealed partial class SingleXorNetwork;

/// <summary>32-64-10 in float, blocked code.</summary>
[Network(32, 64, 10, Precision = Precision.Single)]
internal sealed partial class SingleScaleNetwork;

/// <summary>One input into one sigmoid output: its z is exactly weight * x + bias, for the extremes.</summary>
[Network(1, 1)]
internal sealed partial class EdgeSigmoid;

/// <summary>One input into a two-way softmax, for the extremes.</summary>
[Network(1, 2, Output = Activation.Softmax, Loss = Loss.CrossEntropy)]
internal sealed partial class EdgeSoftmax;

/// <summary>One input into one tanh output, for the extremes.</summary>
[Network(1, 1, Output = Activation.Tanh)]
internal sealed partial class EdgeTanh;

/// <summary>ReLU hidden layer, linear output, Momentum: a huge step leaves a huge velocity behind, which the next step uses.</summary>
[Network(3, 5, 2, Hidden = Activation.ReLU, Output = Activation.Linear, Optimizer = Optimizer.Momentum)]
internal sealed partial class ReluMomentumNetwork;
