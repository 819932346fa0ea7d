namespace Unrolled.Benchmarks.Before;

/// <summary>W1 and W3's 2-4-1 network as the generator of commit f309d61 wrote it (the other files of this folder).</summary>
public sealed partial class XorNetworkAtF309d61;

/// <summary>W2's 2-4-5 network as the generator of commit f309d61 wrote it.</summary>
public sealed partial class LogicNetworkAtF309d61;

/// <summary>W4's 8-16-4 network (straight-line) as the generator of commit f309d61 wrote it.</summary>
public sealed partial class Scale8NetworkAtF309d61;

/// <summary>W4's 32-64-10 network (blocked) as the generator of commit f309d61 wrote it.</summary>
public sealed partial class Scale32NetworkAtF309d61;

/// <summary>W4 and W5b's 784-128-10 network in double (blocked) as the generator of commit f309d61 wrote it.</summary>
public sealed partial class Scale784NetworkAtF309d61;

/// <summary>W5a's 64-32-10 network (blocked) as the generator of commit f309d61 wrote it.</summary>
public sealed partial class MinibatchNetworkAtF309d61;

/// <summary>W5b's 784-128-10 network in float (blocked) as the generator of commit f309d61 wrote it.</summary>
public sealed partial class SingleScale784NetworkAtF309d61;
