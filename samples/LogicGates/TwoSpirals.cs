using System;
using Unrolled;

namespace LogicGates;

/// <summary>
/// Two interleaved spirals, one per class, each turning twice around the
/// origin, with a little uniform noise. No straight line, nor any simple curve, separates them:
/// a problem the logic gates are far too small to show. Points come from SplitMix64, so a seed
/// gives the same set everywhere.
/// </summary>
public sealed class TwoSpirals
{
    private const double Noise = 0.04;
    private const double Turns = 2.0;

    private TwoSpirals(double[] inputs, double[] targets, int[] classes)
    {
        Inputs = inputs;
        Targets = targets;
        Classes = classes;
    }

    /// <summary>Row-major (x, y) pairs.</summary>
    public double[] Inputs { get; }

    /// <summary>One-hot targets, two per point.</summary>
    public double[] Targets { get; }

    public int[] Classes { get; }

    public int Count => Classes.Length;

    /// <summary><paramref name="count"/> points, alternating between the classes.</summary>
    public static TwoSpirals Generate(int count, ulong seed)
    {
        var random = new SplitMix64(seed);
        var inputs = new double[count * 2];
        var targets = new double[count * 2];
        var classes = new int[count];
        for (int n = 0; n < count; n++)
        {
            int label = n % 2;
            // The radius grows with the angle; the second spiral is the first turned by half a turn.
            double t = 0.1 + (0.9 * random.NextDouble());
            double angle = (2 * Math.PI * Turns * t) + (label * Math.PI);
            double x = t * Math.Cos(angle);
            double y = t * Math.Sin(angle);
            inputs[2 * n] = x + random.NextSymmetric(Noise);
            inputs[(2 * n) + 1] = y + random.NextSymmetric(Noise);
            targets[(2 * n) + label] = 1;
            classes[n] = label;
        }

        return new TwoSpirals(inputs, targets, classes);
    }

    public ReadOnlySpan<double> Input(int n) => Inputs.AsSpan(2 * n, 2);

    public ReadOnlySpan<double> Target(int n) => Targets.AsSpan(2 * n, 2);
}
