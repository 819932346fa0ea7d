using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// UNROLLED_ACCEPT_SNAPSHOTS=1 approves whatever the generator writes, so it must never be on in CI;
/// there the snapshot test fails instead of approving, and the approved file stays as it was.
/// </summary>
public sealed class SnapshotAcceptanceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("unrolled-snapshots-").FullName;

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    public void Acceptance_is_refused_when_CI_is_true(string ci)
    {
        string approved = Path.Combine(_directory, "Net.verified.cs");
        File.WriteAllText(approved, "approved\n");

        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
            Snapshot.Verify("Net", "changed\n", _directory, Environment(accept: "1", ci: ci)));

        Assert.Contains("acceptance", failure.Message, StringComparison.Ordinal);
        Assert.Contains("not allowed in CI", failure.Message, StringComparison.Ordinal);
        Assert.Equal("approved\n", File.ReadAllText(approved));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void Acceptance_approves_the_output_outside_CI(string? ci)
    {
        Snapshot.Verify("Net", "changed\n", _directory, Environment(accept: "1", ci: ci));

        Assert.Equal("changed\n", File.ReadAllText(Path.Combine(_directory, "Net.verified.cs")));
    }

    [Fact]
    public void Without_acceptance_a_difference_fails_in_CI_too()
    {
        File.WriteAllText(Path.Combine(_directory, "Net.verified.cs"), "approved\n");

        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
            Snapshot.Verify("Net", "changed\n", _directory, Environment(accept: null, ci: "true")));

        Assert.Contains("differs", failure.Message, StringComparison.Ordinal);
        Assert.Equal("changed\n", File.ReadAllText(Path.Combine(_directory, "Net.received.cs")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Func<string, string?> Environment(string? accept, string? ci) => name => name switch
    {
        Snapshot.AcceptVariable => accept,
        "CI" => ci,
        _ => null,
    };
}
