using System.Collections.Generic;

namespace Unrolled.Generator;

/// <summary>Counting facts about a list of layer sizes, shared by the parser and the emitter.</summary>
internal static class Topology
{
    /// <summary>Weights plus biases; a long, because attribute sizes can be as large as int.MaxValue.</summary>
    public static long CountParameters(IReadOnlyList<int> layers)
    {
        long total = 0;
        for (int layer = 1; layer < layers.Count; layer++)
        {
            total += ((long)layers[layer - 1] + 1) * layers[layer];
        }

        return total;
    }
}
