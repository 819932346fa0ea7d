using Unrolled;

namespace Sunspots;

/// <summary>
/// One input (this year's scaled sunspot number), a GRU cell of 16 units that carries the cycle's phase from year
/// to year, and one linear output (next year's scaled number): 929 parameters, trained with Adam through time.
/// </summary>
[Network(1, 16, 1, Cell = Cell.GRU, Output = Activation.Linear, Optimizer = Optimizer.Adam)]
public partial class SunspotNetwork;
