namespace Unrolled.IntegrationTests;

/// <summary>Tests that build this repository's projects run one at a time, so two builds never write the same obj/ folder.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCli
{
    public const string Name = "dotnet CLI";
}
