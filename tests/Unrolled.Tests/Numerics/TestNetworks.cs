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
