namespace Unrolled.Benchmarks.Before;

/// <summary>W1's 2-4-1 network as the generator of commit 347cc8d wrote it (the other files of this folder).</summary>
public sealed partial class XorNetworkAt347cc8d;

/// <summary>W4's 32-64-10 network (blocked) as the generator of commit 347cc8d wrote it.</summary>
public sealed partial class Scale32NetworkAt347cc8d;
