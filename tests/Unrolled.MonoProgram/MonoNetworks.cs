namespace Unrolled.MonoProgram
{
    /// <summary>XOR, the lesson's first network: straight-line.</summary>
    [Network(2, 4, 1)]
    public partial class XorNet { }

    /// <summary>AND, OR, NAND, NOR and XOR at once, one output each: straight-line.</summary>
    [Network(2, 4, 5)]
    public partial class GatesNet { }

    /// <summary>XOR through a network above the straight-line limit, with Adam and a softmax: the blocked layout.</summary>
    [Network(2, 16, 16, 2, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)]
    public partial class BlockedXorNet { }
}
