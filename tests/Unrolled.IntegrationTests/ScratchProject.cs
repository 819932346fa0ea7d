namespace Unrolled.IntegrationTests;

/// <summary>
/// A throw-away console project that uses Unrolled the way a user's project built from this
/// repository would: the runtime as a project reference, the generator as an analyzer. Shared with
/// the benchmarks' build-cost mode, which links this file.
/// </summary>
internal static class ScratchProject
{
    /// <summary>
    /// Writes <paramref name="name"/>.csproj (net10.0, nullable enabled, plus <paramref name="properties"/>,
    /// MSBuild property elements) and Program.cs into <paramref name="directory"/>.
    /// </summary>
    public static void Write(string directory, string repositoryRoot, string name, string program, string properties = "")
    {
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(repositoryRoot, "runtime", "Unrolled.csproj")}" />
                <ProjectReference Include="{Path.Combine(repositoryRoot, "generator", "Unrolled.Generator.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
    }
}
