using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>The context of a network in the blocked layout: where its parameters and buffers sit, and its vector and reference helpers.</summary>
internal sealed class BlockedEmitContext : EmitContext
{
    public BlockedEmitContext(NetworkSpec spec)
        : base(spec)
    {
        Layout = new BlockedLayout(Shape);
        Code = new BlockedCode(Shape.NumberType, spec.HasRefAccess);
    }

    /// <summary>Where each layer's parameters and buffers sit.</summary>
    public BlockedLayout Layout { get; }

    /// <summary>The vector and reference helpers.</summary>
    public BlockedCode Code { get; }
}
