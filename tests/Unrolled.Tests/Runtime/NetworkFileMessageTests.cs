using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Runtime;

/// <summary>The file errors a user is most likely to meet name what they did and what to change.</summary>
public sealed class NetworkFileMessageTests
{
    [Fact]
    public void Loading_a_file_saved_as_text_says_it_is_the_text_form_and_what_reads_it()
    {
        string directory = NewDirectory();
        try
        {
            string path = Path.Combine(directory, "xor.unrolled");
            var network = new XorNetwork();
            network.Randomize(1);
            NetworkFile.SaveAsText(network, path);
            var target = new XorNetwork();

            var error = Assert.Throws<InvalidDataException>(() => NetworkFile.Load(target, path));

            Assert.Contains("text form NetworkFile.SaveAsText writes", error.Message, StringComparison.Ordinal);
            Assert.Contains("Weights = \"file\"", error.Message, StringComparison.Ordinal);
            Assert.Contains("save the network with NetworkFile.Save", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("not a saved Unrolled network", error.Message, StringComparison.Ordinal);
            Assert.All(NetworkParameters.Of(target), p => Assert.Equal(0, p));

            // What the message suggests works: the decoded text is the binary file.
            target.Load(new MemoryStream(Convert.FromBase64String(File.ReadAllText(path))));
            Assert.Equal(NetworkParameters.Of(network), NetworkParameters.Of(target));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(new byte[] { (byte)'U' }, "The file has only 1 byte:")]
    [InlineData(new byte[] { (byte)'U', (byte)'N' }, "The file has only 2 bytes:")]
    public void A_file_too_short_for_the_magic_counts_its_bytes_in_words_that_agree(byte[] bytes, string expected)
    {
        var target = new XorNetwork();

        var error = Assert.Throws<InvalidDataException>(() => target.Load(new MemoryStream(bytes)));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_that_claims_one_layer_says_layer()
    {
        var network = new XorNetwork();
        var saved = new MemoryStream();
        network.Save(saved);
        byte[] bytes = saved.ToArray();
        bytes[12] = 1; // the layer count, little-endian, at byte 12 of the header

        var error = Assert.Throws<InvalidDataException>(() => new XorNetwork().Load(new MemoryStream(bytes)));

        Assert.StartsWith("The file claims 1 layer:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_into_a_missing_folder_names_the_path_asked_for_and_writes_nothing()
    {
        string directory = NewDirectory();
        try
        {
            string missing = Path.Combine(directory, "missing");
            string path = Path.Combine(missing, "xor.unrolled");

            var error = Assert.Throws<DirectoryNotFoundException>(() => NetworkFile.Save(new XorNetwork(), path));

            Assert.Contains($"Cannot save to '{path}': the folder '{missing}' does not exist", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(".tmp", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Saving_a_float_network_as_text_into_a_missing_folder_names_the_path_too()
    {
        string path = Path.Combine(Path.GetTempPath(), "unrolled-missing-" + Guid.NewGuid().ToString("N"), "net.txt");
        var error = Assert.Throws<DirectoryNotFoundException>(() => NetworkFile.SaveAsText(new SingleXorNetwork(), path));
        Assert.Contains($"Cannot save to '{path}'", error.Message, StringComparison.Ordinal);
    }

    private static string NewDirectory()
    {
        string directory = Path.Combine(Path.GetTempPath(), "unrolled-file-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }
}
