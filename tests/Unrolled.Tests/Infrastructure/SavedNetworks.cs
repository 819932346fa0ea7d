namespace Unrolled.Tests.Infrastructure;

/// <summary>Networks saved the way a user freezes one: the text that NetworkFile.SaveAsText writes.</summary>
internal static class SavedNetworks
{
    public static string Text(INetwork network) => Text(path => NetworkFile.SaveAsText(network, path));

    /// <summary>The text <paramref name="saveAsText"/> writes to a temporary file, which is deleted again.</summary>
    public static string Text(Action<string> saveAsText)
    {
        string path = Path.Combine(Path.GetTempPath(), "unrolled-frozen-" + Guid.NewGuid().ToString("N") + ".txt");
        try
        {
            saveAsText(path);
            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
