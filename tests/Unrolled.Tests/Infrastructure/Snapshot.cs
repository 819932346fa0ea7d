using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// Approved-file snapshots, the Verify way: <c>Snapshots/Name.verified.cs</c> is committed; on a
/// mismatch <c>Name.received.cs</c> is written beside it and the failure shows a line diff. Set
/// <see cref="AcceptVariable"/>=1 to approve the new output.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "UNROLLED_ACCEPT_SNAPSHOTS";

    private const string VersionPlaceholder = "{generator-version}";

    public static string Directory { get; } = Path.Combine(TestPaths.ProjectDirectory, "Snapshots");

    public static string VerifiedPath(string name) => Path.Combine(Directory, name + ".verified.cs");

    /// <summary>Replaces what changes from build to build (the generator's version) with a fixed token.</summary>
    public static string Scrub(string source) =>
        source.Replace($"\"{GeneratedCode.Tool}\", \"{GeneratedCode.Version}\"", $"\"{GeneratedCode.Tool}\", \"{VersionPlaceholder}\"", StringComparison.Ordinal);

    public static void Verify(string name, string actual) => Verify(name, actual, Directory, Environment.GetEnvironmentVariable);

    /// <summary>
    /// Compares against <paramref name="directory"/>'s approved file, reading the environment through
    /// <paramref name="environment"/>. Acceptance is refused when CI=true: a build server that approved
    /// its own output would pass whatever the generator wrote.
    /// </summary>
    public static void Verify(string name, string actual, string directory, Func<string, string?> environment)
    {
        string received = Scrub(actual);
        string verifiedPath = Path.Combine(directory, name + ".verified.cs");
        string receivedPath = Path.Combine(directory, name + ".received.cs");

        if (environment(AcceptVariable) == "1")
        {
            if (string.Equals(environment("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"Snapshot acceptance ({AcceptVariable}=1) is not allowed in CI (CI=true): approve snapshots locally, review the diff and commit the .verified.cs files.");
            }

            File.WriteAllText(verifiedPath, received);
            File.Delete(receivedPath);
            return;
        }

        string? verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath) : null;
        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        string message = verified is null
            ? $"No approved snapshot {verifiedPath}. The output was written to {receivedPath}; review it, then rename it to .verified.cs or rerun with {AcceptVariable}=1."
            : $"Generated source differs from {verifiedPath}. Received: {receivedPath}. Rerun with {AcceptVariable}=1 to approve.\n{Diff(verified, received)}";
        Assert.Fail(message);
    }

    private static string Diff(string verified, string received)
    {
        DiffPaneModel diff = InlineDiffBuilder.Diff(verified, received, ignoreWhiteSpace: false);
        var text = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < diff.Lines.Count && shown < 60; i++)
        {
            DiffPiece line = diff.Lines[i];
            if (line.Type is ChangeType.Inserted or ChangeType.Deleted)
            {
                text.Append(line.Type == ChangeType.Inserted ? "+ " : "- ").Append(line.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?").Append(": ").AppendLine(line.Text);
                shown++;
            }
        }

        return text.ToString();
    }
}
