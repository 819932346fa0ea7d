namespace Unrolled.Benchmarks;

/// <summary>W1 and W3: the XOR network.</summary>
[Network(2, 4, 1)]
public sealed partial class XorNetwork;

/// <summary>W2: all five logic functions at once.</summary>
[Network(2, 4, 5)]
public sealed partial class LogicNetwork;

/// <summary>W4, a size that straight-line code covers.</summary>
[Network(8, 16, 4)]
public sealed partial class Scale8Network;

/// <summary>W4, above the straight-line limit: blocked code.</summary>
[Network(32, 64, 10)]
public sealed partial class Scale32Network;

/// <summary>W4, MNIST-sized: blocked code.</summary>
[Network(784, 128, 10)]
public sealed partial class Scale784Network;

/// <summary>W1 and W3 in float.</summary>
[Network(2, 4, 1, Precision = Precision.Single)]
public sealed partial class SingleXorNetwork;

/// <summary>W2 in float.</summary>
[Network(2, 4, 5, Precision = Precision.Single)]
public sealed partial class SingleLogicNetwork;

/// <summary>W4 at 32-64-10 in float.</summary>
[Network(32, 64, 10, Precision = Precision.Single)]
public sealed partial class SingleScale32Network;

/// <summary>W1's network with momentum.</summary>
[Network(2, 4, 1, Optimizer = Optimizer.Momentum)]
public sealed partial class MomentumXorNetwork;

/// <summary>W1's network with Adam.</summary>
[Network(2, 4, 1, Optimizer = Optimizer.Adam)]
public sealed partial class AdamXorNetwork;

/// <summary>The sample's spiral classifier with its options.</summary>
[Network(2, 16, 16, 2, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)]
public sealed partial class ClassifierNetwork;

/// <summary>The same layers with the defaults.</summary>
[Network(2, 16, 16, 2)]
public sealed partial class PlainClassifierNetwork;

/// <summary>W5a: minibatches at 64-32-10 (blocked code).</summary>
[Network(64, 32, 10)]
public sealed partial class MinibatchNetwork;

/// <summary>W5b in float, and the float per-sample Train at 784-128-10.</summary>
[Network(784, 128, 10, Precision = Precision.Single)]
public sealed partial class SingleScale784Network;
