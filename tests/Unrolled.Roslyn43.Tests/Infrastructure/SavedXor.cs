namespace Unrolled.Roslyn43.Tests.Infrastructure;

/// <summary>A 2-4-1 network generated in this project (by the Roslyn 4.3 build), saved as the frozen test's file.</summary>
[Network(2, 4, 1)]
internal sealed partial class SavedXor
{
    public static string Text(ulong seed)
    {
        string path = Path.Combine(Path.GetTempPath(), $"unrolled-roslyn43-{Guid.NewGuid():N}.unrolled");
        try
        {
            NetworkFile.SaveAsText(Randomized(seed), path);
            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static double[] Parameters(ulong seed)
    {
        var parameters = new double[ParameterCount];
        Randomized(seed).CopyParametersTo(parameters);
        return parameters;
    }

    private static SavedXor Randomized(ulong seed)
    {
        var network = new SavedXor();
        network.Randomize(seed);
        return network;
    }
}
