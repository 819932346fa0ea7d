using System.Collections.Generic;
using System.Linq;

namespace Unrolled.Generator.Emit.Shared;

/// <summary>
/// The names an optimizer adds to a network, read off its own lists (<see cref="State"/>,
/// <see cref="StepFields"/>, <see cref="ConstantNames"/>), so that the saved order and the parser's list
/// of reserved names follow the optimizer instead of listing its state again.
/// </summary>
internal abstract partial class OptimizerCode
{
    /// <summary>The names of the private constants <see cref="WriteConstants"/> declares.</summary>
    public virtual string[] ConstantNames => [];

    /// <summary>
    /// The state in the order a saved file holds it: the fields of its own that an update changes
    /// (Adam's bias corrections; a constant needs no saving), then each slot's field of every parameter
    /// in turn. <paramref name="parameters"/> are the straight-line layout's parameter fields, or the
    /// blocked layout's one parameter array.
    /// </summary>
    public IEnumerable<string> SavedOrder(IReadOnlyList<string> parameters) =>
        StepFields.Concat(State.SelectMany(slot => parameters.Select(slot.Field)));

    /// <summary>
    /// Every member the optimizer adds: its constants, its state as <see cref="SavedOrder"/> names it, and
    /// in the blocked layout the spare arrays a step writes into.
    /// </summary>
    public IEnumerable<string> MemberNames(IReadOnlyList<string> parameters, bool blocked) =>
        ConstantNames.Concat(SavedOrder(parameters)).Concat(blocked ? State.Select(slot => slot.SpareArray) : []);
}
