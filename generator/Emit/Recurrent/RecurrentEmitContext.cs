using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Emit.Recurrent;

/// <summary>The context of a recurrent network: where its parameters, state and trace sit, and each cell's concept.</summary>
internal sealed class RecurrentEmitContext : EmitContext
{
    public RecurrentEmitContext(NetworkSpec spec)
        : base(spec)
    {
        Layout = new RecurrentLayout(Shape);
    }

    public RecurrentLayout Layout { get; }

    /// <summary>The cell every hidden layer is.</summary>
    public CellCode Cell => Layout.Cells[0];

    /// <summary>The recurrent interface of its precision: it has Step, not Predict.</summary>
    public override string? Interface => RecurrentInterface;

    /// <summary>IRecurrentNetwork or ISingleRecurrentNetwork; frozen, IRecurrentPredictor or ISingleRecurrentPredictor, which do not train.</summary>
    public string RecurrentInterface => Options.Precision switch
    {
        Precision.Double => IsFrozen ? "global::Unrolled.IRecurrentPredictor" : "global::Unrolled.IRecurrentNetwork",
        Precision.Single => IsFrozen ? "global::Unrolled.ISingleRecurrentPredictor" : "global::Unrolled.ISingleRecurrentNetwork",
        _ => throw new System.ArgumentOutOfRangeException(nameof(Options), Options.Precision, "No recurrent interface for this precision."),
    };

    /// <summary>"h1", "h2": the state of a cell in comments and code.</summary>
    public static string StateSymbol(int layer) => "h" + NetworkShape.Number(layer);
}
