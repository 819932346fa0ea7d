using System.Collections.Generic;
using System.Linq;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Recurrent.StraightLine;

/// <summary>
/// A cell's time step written out: the forward step gate by gate, a statement per unit, and the backward step's
/// dE/d of every gate sum (the "parts" its gradients are made of), in the order of the cell's equations.
/// </summary>
internal abstract class CellStraightLine
{
    /// <summary>How many values the parts take for a cell of <paramref name="size"/> units.</summary>
    public abstract int PartsCount(int size);

    /// <summary>Where W_hh row <paramref name="row"/>'s part is in the parts (W_ih row r's is at r).</summary>
    public abstract int StatePart(int row, int size);

    /// <summary>The forward step's body: reads x and hPrev (and cPrev), writes the record's spans, named as the cell's record.</summary>
    public abstract void WriteForward(SourceWriter writer, RecurrentEmitContext context, int layer);

    /// <summary>The backward step's body: from carry (dE/dh, and dE/dc) the parts, and carry left as dE/d the previous state before W_hh^T.</summary>
    public abstract void WriteBackward(SourceWriter writer, RecurrentEmitContext context, int layer);

    /// <summary>One statement per unit, each from <paramref name="statement"/>, side by side as many as fit.</summary>
    protected static void WriteUnits(SourceWriter writer, int size, System.Func<int, string> statement) =>
        writer.WriteStatements(Enumerable.Range(0, size).Select(statement));

    /// <summary>One statement per unit, each on its own lines: for the long gate sums.</summary>
    protected static void WriteEach(SourceWriter writer, int size, System.Func<int, string> statement)
    {
        for (int j = 0; j < size; j++)
        {
            writer.WriteLine(statement(j));
        }
    }

    protected static string Sum(IEnumerable<string> terms) => string.Join(" + ", terms);

    protected static string N(int value) => NetworkShape.Number(value);
}
