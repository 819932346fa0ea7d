using System.Runtime.InteropServices;

namespace Unrolled.IntegrationTests;

/// <summary>The sample published with Native AOT: no trim or AOT warning, and the native binary learns all five functions.</summary>
[Collection(SerialCli.Name)]
public sealed class NativeAotTests
{
    [Fact]
    public void LogicGates_publishes_with_Native_AOT_without_warnings_and_learns_all_five_functions()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Assert.Skip("The documented Native AOT command targets linux-x64.");
        }

        DirectoryInfo output = RepositoryPaths.CreateTempDirectory("aot");
        string log = DotNetCli.Run(RepositoryPaths.Root,
            "publish", Path.Combine("samples", "LogicGates"), "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output.FullName);

        string[] warnings = [.. log.Split('\n').Where(line => line.Contains("warning", StringComparison.OrdinalIgnoreCase))];
        Assert.True(warnings.Length == 0, "Publish warned:\n" + string.Join("\n", warnings));

        string binary = Path.Combine(output.FullName, "LogicGates");
        string run = DotNetCli.RunProgram(binary, RepositoryPaths.Root);
        Assert.Contains("All five functions learned, both ways.", run, StringComparison.Ordinal);
    }
}
