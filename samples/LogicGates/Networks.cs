using Unrolled;

namespace LogicGates;

/// <summary>Two inputs, four hidden neurons, one output: enough for any one of the five functions, XOR included.</summary>
[Network(2, 4, 1)]
public partial class GateNetwork;

/// <summary>One network for all five functions at once, one output each, as in the thread's 20-line version.</summary>
[Network(2, 4, 5)]
public partial class AllGatesNetwork;

/// <summary>
/// Two spirals with the options a real classifier uses: tanh hidden layers, a softmax over the two
/// classes, cross-entropy and Adam. 354 parameters, so it is generated in the blocked layout.
/// </summary>
[Network(2, 16, 16, 2, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)]
public partial class SpiralNetwork;

/// <summary>The same layers with the defaults (sigmoid everywhere, squared error, plain SGD), for comparison.</summary>
[Network(2, 16, 16, 2)]
public partial class PlainSpiralNetwork;
