using System;
using System.IO;

namespace Unrolled;

/// <summary>
/// Saves networks to files and loads them back, in the format of <see cref="NetworkFormat"/>.
/// Saving is atomic: the network goes to a temporary file beside the target, which is flushed to
/// disk and then renamed over it, so a crash or a full disk leaves the previous file as it was.
/// </summary>
public static class NetworkFile
{
    /// <summary>Saves <paramref name="network"/>, with its optimizer state, to <paramref name="path"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist; nothing is written.</exception>
    /// <exception cref="IOException">The file could not be written; any previous file is unchanged.</exception>
    public static void Save(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        WriteAtomically(path, network.Save);
    }

    /// <summary>Saves a float network; see <see cref="Save(INetwork, string)"/>.</summary>
    public static void Save(ISingleNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        WriteAtomically(path, network.Save);
    }

    /// <summary>Saves a recurrent network, with its optimizer state; see <see cref="Save(INetwork, string)"/>.</summary>
    public static void Save(IRecurrentNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        WriteAtomically(path, network.Save);
    }

    /// <summary>Saves a recurrent float network; see <see cref="Save(INetwork, string)"/>.</summary>
    public static void Save(ISingleRecurrentNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        WriteAtomically(path, network.Save);
    }

    /// <summary>Loads <paramref name="path"/> into <paramref name="network"/>, which is unchanged if the file is rejected.</summary>
    /// <exception cref="InvalidDataException">The file is for another network, truncated or corrupted.</exception>
    public static void Load(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        using FileStream stream = File.OpenRead(path);
        network.Load(stream);
    }

    /// <summary>Loads a float network; see <see cref="Load(INetwork, string)"/>.</summary>
    public static void Load(ISingleNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        using FileStream stream = File.OpenRead(path);
        network.Load(stream);
    }

    /// <summary>Loads a recurrent network; see <see cref="Load(INetwork, string)"/>. The state Step carries is kept.</summary>
    /// <exception cref="InvalidDataException">The file is for another network (another cell, size or option), truncated or corrupted.</exception>
    public static void Load(IRecurrentNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        using FileStream stream = File.OpenRead(path);
        network.Load(stream);
    }

    /// <summary>Loads a recurrent float network; see <see cref="Load(IRecurrentNetwork, string)"/>.</summary>
    public static void Load(ISingleRecurrentNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        using FileStream stream = File.OpenRead(path);
        network.Load(stream);
    }

    /// <summary>
    /// Imports the ONNX model at <paramref name="path"/> into <paramref name="network"/>, which is
    /// unchanged if the model is rejected; see <see cref="INetwork.ImportOnnx(Stream)"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The model does not fit the network, or is truncated or corrupted.</exception>
    public static void ImportOnnx(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        using FileStream stream = File.OpenRead(path);
        network.ImportOnnx(stream);
    }

    /// <summary>Imports an ONNX model into a float network; see <see cref="ImportOnnx(INetwork, string)"/>.</summary>
    public static void ImportOnnx(ISingleNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        using FileStream stream = File.OpenRead(path);
        network.ImportOnnx(stream);
    }

    /// <summary>
    /// Saves <paramref name="network"/> as text for a frozen network, <c>[Network(..., Weights = "name")]</c>:
    /// the bytes <see cref="Save(INetwork, string)"/> writes, in base64, 76 characters a line. The
    /// compiler reads <c>AdditionalFiles</c> only as text and rejects binary ones (CS2015); the
    /// package's build step turns a binary file into this form before compiling, so either form works
    /// where the package is referenced, and only this one where the generator is referenced without it.
    /// </summary>
    public static void SaveAsText(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        WriteAtomically(path, stream => WriteBase64(stream, network.Save));
    }

    /// <summary>Saves a float network as text; see <see cref="SaveAsText(INetwork, string)"/>.</summary>
    public static void SaveAsText(ISingleNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        WriteAtomically(path, stream => WriteBase64(stream, network.Save));
    }

    /// <summary>Saves a recurrent network as text for a frozen one; see <see cref="SaveAsText(INetwork, string)"/>.</summary>
    public static void SaveAsText(IRecurrentNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        WriteAtomically(path, stream => WriteBase64(stream, network.Save));
    }

    /// <summary>Saves a recurrent float network as text for a frozen one; see <see cref="SaveAsText(INetwork, string)"/>.</summary>
    public static void SaveAsText(ISingleRecurrentNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        WriteAtomically(path, stream => WriteBase64(stream, network.Save));
    }

    private static void WriteBase64(Stream stream, Action<Stream> save)
    {
        using var binary = new MemoryStream();
        save(binary);
        string text = Convert.ToBase64String(binary.GetBuffer(), 0, (int)binary.Length, Base64FormattingOptions.InsertLineBreaks);
        byte[] ascii = System.Text.Encoding.ASCII.GetBytes(text + "\n");
        stream.Write(ascii, 0, ascii.Length);
    }

    /// <summary>Runs <paramref name="write"/> on a temporary file and moves it over <paramref name="path"/> once it is safely on disk.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = Path.GetFullPath(path);
        string temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = CreateTemporary(temporary, target))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    // Without this, a missing folder is reported with the temporary file's name, which the caller never chose.
    private static FileStream CreateTemporary(string temporary, string target)
    {
        try
        {
            return new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (DirectoryNotFoundException error)
        {
            throw new DirectoryNotFoundException(
                $"Cannot save to '{target}': the folder '{Path.GetDirectoryName(target)}' does not exist. Create it first, or save to a path in an existing folder.", error);
        }
    }

    // The write already failed; that is the error to report, not a failure to clean up after it.
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
