#if !NET8_0_OR_GREATER
namespace System.IO;

// .NET Standard 2.1's File.Move cannot overwrite. Replace renames over an existing file as Move
// with overwrite does (one rename on Unix), and a file that is not there yet needs no overwrite.
internal static class FilePolyfills
{
    extension(File)
    {
        public static void Move(string sourceFileName, string destFileName, bool overwrite)
        {
            if (overwrite && File.Exists(destFileName))
            {
                File.Replace(sourceFileName, destFileName, destinationBackupFileName: null);
            }
            else
            {
                File.Move(sourceFileName, destFileName);
            }
        }
    }
}
#endif
