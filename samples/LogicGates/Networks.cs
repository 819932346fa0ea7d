using Unrolled;

namespace LogicGates;

/// <summary>Two inputs, four hidden neurons, one output: enough for any one of the five functions, XOR included.</summary>
[Network(2, 4, 1)]
public partial class GateNetwork;

/// <summary>One network for all five functions at once, one output each, as in the thread's 20-line version.</summary>
[Network(2, 4, 5)]
public partial class AllGatesNetwork;
