using System;

namespace LogicGates;

/// <summary>A two-input boolean function, given by its truth table over the four rows of <see cref="Inputs"/>.</summary>
public sealed record LogicFunction(string Name, double[] Targets)
{
    /// <summary>The four input rows, in the order every truth table here uses: 00, 01, 10, 11.</summary>
    public static readonly double[][] Inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];

    /// <summary>AND, OR, NAND, NOR and XOR: the five functions of the thread, in its order.</summary>
    public static readonly LogicFunction[] All =
    [
        new("AND", [0, 0, 0, 1]),
        new("OR", [0, 1, 1, 1]),
        new("NAND", [1, 1, 1, 0]),
        new("NOR", [1, 0, 0, 0]),
        new("XOR", [0, 1, 1, 0]),
    ];

    /// <summary>The four input rows flattened row-major, as TrainBatch takes them.</summary>
    public static double[] FlatInputs()
    {
        var flat = new double[Inputs.Length * 2];
        for (int row = 0; row < Inputs.Length; row++)
        {
            Inputs[row].CopyTo(flat, row * 2);
        }

        return flat;
    }

    /// <summary>All five truth tables as targets of one network: row r holds AND, OR, NAND, NOR, XOR of input row r.</summary>
    public static double[] FlatTargetsOfAll()
    {
        var flat = new double[Inputs.Length * All.Length];
        for (int row = 0; row < Inputs.Length; row++)
        {
            for (int f = 0; f < All.Length; f++)
            {
                flat[(row * All.Length) + f] = All[f].Targets[row];
            }
        }

        return flat;
    }

    /// <summary>"learned" means every output is within this distance of its target, so it also rounds to it.</summary>
    public const double Tolerance = 0.05;

    /// <summary>True when every output is within <see cref="Tolerance"/> of its target.</summary>
    public static bool IsLearned(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets)
    {
        for (int i = 0; i < outputs.Length; i++)
        {
            if (!(Math.Abs(outputs[i] - targets[i]) < Tolerance))
            {
                return false;
            }
        }

        return true;
    }
}
