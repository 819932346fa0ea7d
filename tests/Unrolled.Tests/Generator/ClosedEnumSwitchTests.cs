using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Basic.Reference.Assemblies;
using DiffPlex;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Unrolled.Generator;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// Every switch over <c>Activation</c>, <c>Loss</c>, <c>Optimizer</c>, <c>Precision</c> or <c>LayerKind</c> in
/// generator/, runtime/ and the test oracle names the values it handles and throws on the rest, so a new
/// member fails loudly wherever it is not yet handled instead of being emitted as Adam, exported as Softmax
/// or computed as linear. The sources are compiled as their projects compile them, so the semantic model
/// knows each switch's governing type.
/// </summary>
public sealed partial class ClosedEnumSwitchTests
{
    private static readonly string[] s_runtimeSymbols = ["NET8_0_OR_GREATER", "NET", "NET8_0"];

    private static readonly string[] s_generatorSymbols = ["UNROLLED_GENERATOR", "ROSLYN4_14"];

    // The test project's implicit usings (ImplicitUsings and <Using Include="Xunit" />).
    private const string TestProjectUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Xunit;
        """;

    private static readonly MetadataReference[] s_roslyn =
    [
        MetadataReference.CreateFromFile(typeof(Compilation).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(CSharpCompilation).Assembly.Location),
    ];

    [Fact]
    public void Every_switch_in_the_runtime_throws_on_a_value_it_does_not_name() =>
        AssertNoOffenders(ClosedEnumSwitchFinder.Scan(SourcesUnder("runtime"), Net100.References.All, s_runtimeSymbols), minimumSwitches: 2);

    // Bound as the generator is built: its sources and the linked runtime files, without the runtime assembly.
    [Fact]
    public void Every_switch_in_the_generator_throws_on_a_value_it_does_not_name() =>
        AssertNoOffenders(ClosedEnumSwitchFinder.Scan(GeneratorSources(), [.. Net100.References.All, .. s_roslyn], s_generatorSymbols), minimumSwitches: 10);

    // Bound as the test project: its name sees the generator's internals, its usings are implicit.
    [Fact]
    public void Every_switch_in_the_test_oracle_throws_on_a_value_it_does_not_name()
    {
        Dictionary<string, string> sources = SourcesUnder(Path.Combine("tests", "Unrolled.Tests", "Infrastructure"));
        sources["ImplicitUsings.cs"] = TestProjectUsings;
        MetadataReference[] references =
        [
            .. Net100.References.All,
            .. s_roslyn,
            .. new[] { typeof(NetworkAttribute), typeof(NetworkGenerator), typeof(FactAttribute), typeof(Assert), typeof(Net100), typeof(Differ) }
                .Select(type => MetadataReference.CreateFromFile(type.Assembly.Location)),
        ];
        AssertNoOffenders(ClosedEnumSwitchFinder.Scan(sources, references, [], "Unrolled.Tests"), minimumSwitches: 3);
    }

    [Fact]
    public void A_default_section_that_carries_on_is_reported()
    {
        ClosedEnumSwitchFinder.Finding[] findings = ScanSnippet("""
            static string Name(Optimizer optimizer)
            {
                switch (optimizer)
                {
                    case Optimizer.Sgd:
                        return "sgd";
                    default:
                        return "adam";
                }
            }
            """);
        ClosedEnumSwitchFinder.Finding offender = Assert.Single(findings);
        Assert.Equal("Snippet.cs:11", offender.Location);
        Assert.Equal("Optimizer", offender.EnumName);
        Assert.Contains("default", offender.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_discard_arm_that_returns_a_value_is_reported()
    {
        ClosedEnumSwitchFinder.Finding[] findings = ScanSnippet("""
            static string Op(Activation activation) => activation switch
            {
                Activation.Sigmoid => "Sigmoid",
                _ => "Softmax",
            };
            """);
        ClosedEnumSwitchFinder.Finding offender = Assert.Single(findings);
        Assert.Equal("Snippet.cs:8", offender.Location);
        Assert.Contains("_ => \"Softmax\"", offender.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_switch_statement_with_no_default_is_reported()
    {
        ClosedEnumSwitchFinder.Finding[] findings = ScanSnippet("""
            static void Write(Loss loss, System.Text.StringBuilder text)
            {
                switch (loss)
                {
                    case Loss.SquaredError:
                        text.Append("squares");
                        break;
                }
            }
            """);
        Assert.Contains("no default", Assert.Single(findings).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Var_and_not_patterns_are_catch_alls_too()
    {
        ClosedEnumSwitchFinder.Finding[] findings = ScanSnippet("""
            static int A(Precision precision) => precision switch { Precision.Double => 8, var other => 4 };
            static int B(Activation activation) => activation switch { Activation.Linear => 0, not Activation.Linear => 1 };
            """);
        Assert.Equal(["Precision", "Activation"], findings.Select(finding => finding.EnumName));
    }

    [Fact]
    public void Switches_that_throw_on_the_rest_and_switches_over_other_types_pass()
    {
        ClosedEnumSwitchFinder.Finding[] findings = ScanSnippet("""
            static string Name(Optimizer optimizer)
            {
                switch (optimizer)
                {
                    case Optimizer.Sgd:
                        return "sgd";
                    case Optimizer.Adam:
                        return "adam";
                    default:
                        {
                            throw new System.ArgumentOutOfRangeException(nameof(optimizer), optimizer, "Unknown optimizer.");
                        }
                }
            }
            static string Op(Activation? activation) => activation switch
            {
                Activation.Sigmoid => "Sigmoid",
                null => "none",
                _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
            };
            static string Other(int value) => value switch { 0 => "zero", _ => "more" };
            static string Guarded(Loss loss, bool verbose) => loss switch
            {
                Loss.SquaredError => "squares",
                _ when verbose => throw new System.InvalidOperationException($"No words for {loss}."),
                _ => throw new System.ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss."),
            };
            """);
        Assert.Empty(findings);
    }

    private static ClosedEnumSwitchFinder.Finding[] ScanSnippet(string members)
    {
        string source = "using Unrolled;\n\ninternal static class Snippet\n{\n" + members + "\n}\n";
        return
        [
            .. ClosedEnumSwitchFinder
                .Scan(new Dictionary<string, string> { ["Snippet.cs"] = source }, [.. Net100.References.All, Runtime], [])
                .Where(finding => finding.Problem is not null),
        ];
    }

    private static void AssertNoOffenders(ImmutableArray<ClosedEnumSwitchFinder.Finding> findings, int minimumSwitches)
    {
        // A scan that binds nothing would pass vacuously: each scanned project has switches over the enums.
        Assert.True(findings.Length >= minimumSwitches, $"Expected at least {minimumSwitches} switches over the closed enums; found {findings.Length}.");
        string[] offenders = [.. findings.Where(finding => finding.Problem is not null).Select(finding => finding.ToString())];
        Assert.True(offenders.Length == 0, $"{offenders.Length} switches over a closed enum do not throw on a value they do not name:\n" + string.Join("\n", offenders));
    }

    private static MetadataReference Runtime => MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location);

    // The generator's own files and the runtime files its props link in (the enums, the ONNX reader).
    private static Dictionary<string, string> GeneratorSources()
    {
        Dictionary<string, string> sources = SourcesUnder("generator");
        foreach (string key in sources.Keys.Where(key => key.StartsWith("generator/Roslyn4.3/", StringComparison.Ordinal)).ToList())
        {
            sources.Remove(key);
        }

        string props = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "generator", "Unrolled.Generator.props"));
        foreach (Match linked in LinkedRuntimeFile().Matches(props))
        {
            string relative = "runtime/" + linked.Groups["path"].Value.Replace('\\', '/');
            sources[relative] = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, relative));
        }

        Assert.Contains("runtime/Optimizer.cs", sources.Keys);
        return sources;
    }

    private static Dictionary<string, string> SourcesUnder(string folder)
    {
        string root = Path.Combine(TestPaths.RepositoryRoot, folder);
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(TestPaths.RepositoryRoot, path).Replace('\\', '/'))
            .Where(relative => !relative.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToDictionary(relative => relative, relative => File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, relative)), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"Include=""\$\(MSBuildThisFileDirectory\)\.\.\\runtime\\(?<path>[^""]+\.cs)""")]
    private static partial Regex LinkedRuntimeFile();
}
