using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>Code the blocked layout writes must compile on .NET 8, the oldest runtime the package supports.</summary>
public sealed class BlockedNet8ApiTests
{
    [Fact]
    public void A_blocked_LeakyReLU_layer_broadcasts_its_slope_with_the_constructor_not_Vector_Create()
    {
        // System.Numerics.Vector.Create arrived in .NET 9; the Vector<T> constructor is everywhere.
        string source = GeneratorHarness.Run("[Unrolled.Network(1, 300, 1, Hidden = Unrolled.Activation.LeakyReLU)] public partial class Net;").Sources.AllText();
        Assert.Contains("new global::System.Numerics.Vector<double>(0.0078125)", source, StringComparison.Ordinal);
        Assert.DoesNotContain("global::System.Numerics.Vector.Create(", source, StringComparison.Ordinal);
    }
}

/// <summary>Generated code must compile without a single warning, whatever the topology and the type's shape.</summary>
public sealed class CompilationTests
{
    public static TheoryData<string> Topologies() =>
    [
        "1, 1", "1, 8", "8, 1", "2, 4, 1", "2, 4, 5", "3, 5, 4, 2", "4, 1, 4", "1, 1, 1, 1, 1, 1", "8, 8, 8, 8",
        "16, 8, 8", "12, 12, 4", "7, 12, 9, 3", "255, 1", "1, 127", "127, 1", "1, 63",
    ];

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Generated_code_compiles_with_zero_warnings_at_the_highest_warning_level(string layers)
    {
        string source = $$"""
            namespace Demo;

            /// <summary>A documented network.</summary>
            [Unrolled.Network({{layers}})]
            public partial class Net;

            /// <summary>The same network as a struct.</summary>
            [Unrolled.Network({{layers}})]
            public partial struct StructNet;
            """;
        AssertNoWarningAtAll(source);
    }

    /// <summary>Every option, precision and declaring-type shape, in the cases the approved snapshots do not show.</summary>
    public static TheoryData<string> Shapes() =>
    [
        "namespace Demo.Gates { /// <summary>A network.</summary>\n[Unrolled.Network(2, 4, 5)] public partial class Net { } }",
        "/// <summary>A network.</summary>\n[Unrolled.Network(2, 2, 1)] partial class GlobalNet { }",
        "namespace Demo; /// <summary>Outer.</summary>\npublic static partial class Robots { /// <summary>Arm.</summary>\ninternal partial record struct Arm(int Joints) { [Unrolled.Network(4, 3, 2)] private partial class Controller { } } }",
        "namespace Demo; /// <summary>A network.</summary>\n[Unrolled.Network(2, 4, 1, Precision = Unrolled.Precision.Single)] public partial class Net;",
        "namespace Demo; /// <summary>A network.</summary>\n[Unrolled.Network(1, 3, 1, Hidden = Unrolled.Activation.ReLU, Output = Unrolled.Activation.Linear, Optimizer = Unrolled.Optimizer.Momentum, Momentum = 0.8)] public partial class Net;",
        "namespace Demo; /// <summary>A network.</summary>\n[Unrolled.Network(2, 2, 1, Hidden = Unrolled.Activation.LeakyReLU, Loss = Unrolled.Loss.CrossEntropy)] public partial class Net;",
        "namespace Demo; /// <summary>A network.</summary>\n[Unrolled.Network(16, 12, 4, Hidden = Unrolled.Activation.ReLU, Output = Unrolled.Activation.Softmax, Loss = Unrolled.Loss.CrossEntropy, Optimizer = Unrolled.Optimizer.Adam)] public sealed partial class Net;",
        "namespace Demo; /// <summary>A network.</summary>\n[Unrolled.Network(16, 12, 4, Precision = Unrolled.Precision.Single, Optimizer = Unrolled.Optimizer.Momentum)] public sealed partial class Net;",
        "namespace Demo; /// <summary>A network.</summary>\n[Unrolled.Network(3, 5, 4, 2, Hidden = Unrolled.Activation.Tanh, Output = Unrolled.Activation.Softmax, Loss = Unrolled.Loss.CrossEntropy, Optimizer = Unrolled.Optimizer.Adam, Precision = Unrolled.Precision.Single)] public partial struct Net;",
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_option_precision_and_type_shape_compiles_with_zero_warnings(string source) => AssertNoWarningAtAll(source);

    private static void AssertNoWarningAtAll(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.NotEmpty(run.Sources);

        // Warning level 9999, XML documentation checked (CS1591), every warning an error.
        CSharpCompilation strict = ((CSharpCompilation)run.Output)
            .WithOptions(((CSharpCompilation)run.Output).Options.WithWarningLevel(9999).WithGeneralDiagnosticOption(ReportDiagnostic.Error))
            .RemoveAllSyntaxTrees()
            .AddSyntaxTrees(run.Output.SyntaxTrees.Select(t => t.WithRootAndOptions(t.GetRoot(), ((CSharpParseOptions)t.Options).WithDocumentationMode(DocumentationMode.Diagnose))));
        Assert.Empty(strict.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity != DiagnosticSeverity.Hidden));
    }

    [Fact]
    public void Several_networks_in_one_project_each_get_their_own_file()
    {
        GeneratorRun run = GeneratorHarness.Run(
            "namespace A { [Unrolled.Network(2, 4, 1)] partial class Net { } }",
            "namespace B { [Unrolled.Network(3, 3)] partial struct Net { } [Unrolled.Network(1, 2, 1)] partial class Other { } }");

        Assert.Empty(run.CompilerDiagnostics);
        Assert.Equal(["A.Net.g.cs", "B.Net.g.cs", "B.Other.g.cs"], run.Lessons.Select(s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("public")]
    [InlineData("internal")]
    [InlineData("")]
    [InlineData("sealed")]
    [InlineData("abstract")]
    [InlineData("public sealed")]
    public void Any_accessibility_and_class_modifier_is_kept(string modifiers)
    {
        GeneratorRun run = GeneratorHarness.Run($"namespace Demo; [Unrolled.Network(2, 2)] {modifiers} partial class Net;");
        Assert.Empty(run.CompilerDiagnostics);
        Assert.Single(run.Lessons);
    }

    [Fact]
    public void Nested_accessibility_private_and_protected_compiles()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            namespace Demo;
            public partial class Outer
            {
                [Unrolled.Network(2, 2)] private partial class A;
                [Unrolled.Network(2, 2)] protected internal partial struct B;
                [Unrolled.Network(2, 2)] private protected partial class C;
            }
            """);
        Assert.Empty(run.CompilerDiagnostics);
        Assert.Equal(3, run.Lessons.Length);
    }

    [Fact]
    public void Keyword_named_namespace_and_type_are_escaped()
    {
        GeneratorRun run = GeneratorHarness.Run("namespace @class.@struct; [Unrolled.Network(2, 2)] partial class @event;");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        Assert.Equal("class.struct.event.g.cs", run.Lessons.Single().HintName);
    }

    [Theory]
    [InlineData("[Unrolled.Network(2, 1)] public partial struct Net { public int Epochs; public double Rate { get; set; } }")]
    [InlineData("[Unrolled.Network(2, 1)] public partial struct Net(int epochs) { public int Epochs => epochs; }")]
    [InlineData("[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)] [Unrolled.Network(2, 1)] public partial struct Net { public int Epochs; }")]
    [InlineData("[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)] [Unrolled.Network(2, 1)] public partial struct Net;")]
    [InlineData("public class var { } [Unrolled.Network(2, 1)] public partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1)] public partial class Net { public static string nameof(object o) => \"x\"; }")]
    [InlineData("public class Math { } public class SplitMix64 { } public class Unrolled { } [global::Unrolled.Network(2, 1)] public partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1)] public partial class Net(int epochs) { public int Epochs => epochs; }")]
    [InlineData("[Unrolled.Network(2, 1)] public partial class Net : Unrolled.INetwork { }")]
    [InlineData("[Unrolled.Network(2, 1)] public partial class Net { public Net(int seed) { Randomize((ulong)seed); } }")]
    [InlineData("[Unrolled.Network(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)] public partial class Net;")]
    public void Unusual_but_valid_user_code_gets_clean_generated_code(string declaration)
    {
        GeneratorRun run = GeneratorHarness.Run("namespace Demo { " + declaration + " }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Lessons);
        // CS8981 (a lower-case type name such as 'var') is the user's own warning, not ours.
        Assert.Empty(run.CompilerDiagnostics.Where(d => d.Id != "CS8981"));
    }

    [Fact]
    public void Networks_whose_names_differ_only_in_case_get_distinct_files()
    {
        GeneratorRun run = GeneratorHarness.Run("namespace N { [Unrolled.Network(2, 1)] partial class Net { } [Unrolled.Network(3, 1)] partial class NET { } }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        Assert.Equal(["N.NET.g.cs", "N.Net.2.g.cs"], run.Lessons.Select(s => s.HintName).Order(StringComparer.Ordinal));
    }
}
