namespace Unrolled.Benchmarks;

/// <summary>W1 and W3: the XOR network.</summary>
[Network(2, 4, 1)]
public sealed partial class XorNetwork;

/// <summary>W2: all five logic functions at once.</summary>
[Network(2, 4, 5)]
public sealed partial class LogicNetwork;

/// <summary>W4, the size that straight-line code still covers.</summary>
[Network(8, 16, 4)]
public sealed partial class Scale8Network;
