using System;
using System.IO;
using Unrolled;

namespace LogicGates;

/// <summary>Saves a trained network and loads it into a new instance, to show that nothing is lost on the way.</summary>
public static class SavedNetwork
{
    /// <summary>Saves <paramref name="trained"/> to <paramref name="path"/>; returns whether a fresh network loaded from it predicts bit for bit the same.</summary>
    public static bool SaveAndReload(AllGatesNetwork trained, string path)
    {
        NetworkFile.Save(trained, path);
        var reloaded = new AllGatesNetwork();
        NetworkFile.Load(reloaded, path);

        Span<double> expected = stackalloc double[AllGatesNetwork.OutputCount];
        Span<double> actual = stackalloc double[AllGatesNetwork.OutputCount];
        foreach (double[] input in LogicFunction.Inputs)
        {
            trained.Predict(input, expected);
            reloaded.Predict(input, actual);
            if (!expected.SequenceEqual(actual))
            {
                return false;
            }
        }

        return true;
    }
}
