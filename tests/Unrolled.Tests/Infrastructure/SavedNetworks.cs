namespace Unrolled.Tests.Infrastructure;

/// <summary>Networks saved the way a user freezes one: the text that NetworkFile.SaveAsText writes.</summary>
internal static class SavedNetworks
{
    public static string Text(INetwork network)
    {
        string path = Path.Combine(Path.GetTempPath(), "unrolled-frozen-" + Guid.NewGuid().ToString("N") + ".txt");
        try
        {
            NetworkFile.SaveAsText(network, path);
            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
