namespace Unrolled.Tests.Onnx;

// One network per PyTorch fixture (Onnx/Fixtures), with the fixture's layers and activations.

[Network(2, 4, 1, Precision = Precision.Single)]
internal sealed partial class SigmoidFixtureNet;

[Network(2, 5, 3, 1, Hidden = Activation.Tanh, Precision = Precision.Single)]
internal sealed partial class TanhFixtureNet;

[Network(2, 6, 1, Hidden = Activation.ReLU, Output = Activation.Linear, Precision = Precision.Single)]
internal sealed partial class ReluFixtureNet;

[Network(2, 6, 1, Hidden = Activation.LeakyReLU, Output = Activation.Linear, Precision = Precision.Single)]
internal sealed partial class LeakyFixtureNet;

[Network(2, 4, 2, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Precision = Precision.Single)]
internal sealed partial class SoftmaxFixtureNet;

[Network(2, 3, 1, Hidden = Activation.ReLU, Precision = Precision.Single)]
internal sealed partial class MatMulFixtureNet;

[Network(2, 4, 1, Hidden = Activation.LeakyReLU, Precision = Precision.Single)]
internal sealed partial class LeakySigmoidFixtureNet;

/// <summary>The two-hidden-layer tanh fixture in double: float64's export, and float32's widened.</summary>
[Network(2, 5, 3, 1, Hidden = Activation.Tanh)]
internal sealed partial class TanhDoubleFixtureNet;

[Network(2, 3, 2, Hidden = Activation.Tanh, Output = Activation.Linear)]
internal sealed partial class GemmIdentityFixtureNet;

/// <summary>tanh_2_5_3_1_double.onnx compiled in as constants, through the package's build step.</summary>
[Network(2, 5, 3, 1, Hidden = Activation.Tanh, Weights = "tanh_2_5_3_1_double.onnx")]
internal sealed partial class FrozenTanhDoubleNet;

/// <summary>sigmoid_2_4_1.onnx (float32) compiled in as float constants.</summary>
[Network(2, 4, 1, Precision = Precision.Single, Weights = "sigmoid_2_4_1.onnx")]
internal sealed partial class FrozenSigmoidNet;

/// <summary>flatten_tanh_2_4_1: nn.Flatten() before each Linear, on [N, 2] input.</summary>
[Network(2, 4, 1, Hidden = Activation.Tanh, Precision = Precision.Single)]
internal sealed partial class FlattenFixtureNet;

/// <summary>A double LeakyReLU network, whose export is Max(z, Mul(z, slope)).</summary>
[Network(2, 4, 1, Hidden = Activation.LeakyReLU)]
internal sealed partial class LeakyDoubleNet;

// The float32 fixtures' double twins: a float32 model fits a double network (every float is a double).

[Network(2, 6, 1, Hidden = Activation.LeakyReLU, Output = Activation.Linear)]
internal sealed partial class LeakyDoubleFixtureNet;

[Network(2, 4, 2, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy)]
internal sealed partial class SoftmaxDoubleFixtureNet;

[Network(2, 3, 1, Hidden = Activation.ReLU)]
internal sealed partial class MatMulDoubleFixtureNet;

[Network(2, 4, 1, Hidden = Activation.Tanh)]
internal sealed partial class FlattenDoubleFixtureNet;

[Network(2, 4, 1)]
internal sealed partial class SigmoidDoubleFixtureNet;
