using System.Collections.Generic;

namespace Unrolled.Generator;

/// <summary>Counting facts about a list of layer sizes, shared by the parser and the emitter.</summary>
internal static class Topology
{
    /// <summary>
    /// Weights plus biases. Saturates at <see cref="long.MaxValue"/>: attribute sizes can each be
    /// int.MaxValue, and a wrapped sum would slip under the size limit.
    /// </summary>
    public static long CountParameters(IReadOnlyList<int> layers)
    {
        long total = 0;
        for (int layer = 1; layer < layers.Count; layer++)
        {
            long inLayer = ((long)layers[layer - 1] + 1) * layers[layer];
            total = inLayer > long.MaxValue - total ? long.MaxValue : total + inLayer;
        }

        return total;
    }
}
