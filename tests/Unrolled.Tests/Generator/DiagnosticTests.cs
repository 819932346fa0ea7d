using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>Every misuse gets its UNR diagnostic, at the exact syntax the user has to change, and no code.</summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void UNR001_type_not_partial() =>
        AssertDiagnostic("UNR001", "[Unrolled.Network(2, 4, 1)] public class [|Net|] { }");

    [Fact]
    public void UNR002_containing_type_not_partial() =>
        AssertDiagnostic("UNR002", "public class [|Outer|] { [Unrolled.Network(2, 1)] partial class Inner { } }");

    [Theory]
    [InlineData("[[|Unrolled.Network|]] partial class Net;")]
    [InlineData("[[|Unrolled.Network()|]] partial class Net;")]
    [InlineData("[[|Unrolled.Network(3)|]] partial class Net;")]
    [InlineData("[[|Unrolled.Network(null)|]] partial class Net;")]
    [InlineData("[[|Unrolled.Network(new int[0])|]] partial class Net;")]
    [InlineData("[[|Unrolled.Network(new int[] { })|]] partial class Net;")]
    [InlineData("[[|Unrolled.Network([])|]] partial class Net;")]
    public void UNR003_fewer_than_two_layers(string markup) => AssertDiagnostic("UNR003", markup);

    [Theory]
    [InlineData("[Unrolled.Network(2, [|0|], 1)] partial class Net;")]
    [InlineData("[Unrolled.Network([|-3|], 1)] partial class Net;")]
    [InlineData("[Unrolled.Network(2, [|int.MinValue|])] partial class Net;")]
    [InlineData("[Unrolled.Network(new[] { 2, [|0|] })] partial class Net;")]
    [InlineData("[Unrolled.Network(new int[] { [|0|], 2 })] partial class Net;")]
    [InlineData("[Unrolled.Network([2, [|0|]])] partial class Net;")]
    [InlineData("[Unrolled.Network(layers: [2, [|0|]])] partial class Net;")]
    public void UNR004_layer_size_below_one(string markup) => AssertDiagnostic("UNR004", markup);

    [Fact]
    public void UNR004_reports_every_bad_layer()
    {
        GeneratorRun run = RunMarkup("[Unrolled.Network([|0|], 2, [|-1|])] partial class Net;", out Markup markup);
        Assert.Equal(markup.Spans, run.GeneratorDiagnostics.Where(d => d.Id == "UNR004").Select(d => d.Location.SourceSpan));
    }

    [Fact]
    public void UNR005_generic_type() =>
        AssertDiagnostic("UNR005", "[Unrolled.Network(2, 1)] partial class Net[|<T>|] { }",
            phrase: "concrete code whose number type (double, or float with Precision.Single) is fixed at compile time");

    [Fact]
    public void UNR005_generic_containing_type() =>
        AssertDiagnostic("UNR005", "partial class Outer[|<T>|] { [Unrolled.Network(2, 1)] partial class Inner { } }");

    [Theory]
    [InlineData("[[|Unrolled.Network(46341, 46341)|]] partial class Net;")]
    [InlineData("[[|Unrolled.Network(2147483591, 1)|]] partial class Net;")]
    [InlineData("[[|Unrolled.Network(int.MaxValue, int.MaxValue, int.MaxValue)|]] partial class Net;")]
    [InlineData("[[|Unrolled.Network(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue)|]] partial class Net;")]
    public void UNR006_too_many_parameters(string markup) => AssertDiagnostic("UNR006", markup);

    // 358,456,026-3 has 1,075,368,081 parameters: one array holds them, but not Adam's or Rprop's two numbers each.
    [Theory]
    [InlineData("[[|Unrolled.Network(358456026, 3, Optimizer = Unrolled.Optimizer.Adam)|]] partial class Net;")]
    [InlineData("[[|Unrolled.Network(358456026, 3, Optimizer = Unrolled.Optimizer.Rprop)|]] partial class Net;")]
    public void UNR033_optimizer_state_too_large(string markup) => AssertDiagnostic("UNR033", markup);

    [Fact]
    public void UNR033_not_for_Momentum_whose_state_is_one_number_per_parameter()
    {
        GeneratorRun run = GeneratorHarness.Run("[Unrolled.Network(358456026, 3, Optimizer = Unrolled.Optimizer.Momentum)] partial class Net;");
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "UNR033");
        Assert.True(run.DiagnosticsInGeneratedCode.IsEmpty, string.Join("\n", run.DiagnosticsInGeneratedCode));
    }

    [Fact]
    public void UNR006_limit_is_inclusive()
    {
        // 2,147,483,590 inputs + 1 bias into one output: exactly Array.MaxLength parameters.
        GeneratorRun run = GeneratorHarness.Run("[Unrolled.Network(2147483590, 1)] partial class Net;");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
    }

    [Theory]
    [InlineData("[[|Unrolled.Network(256, 1)|]] partial struct Net;")]
    [InlineData("[[|Unrolled.Network(32, 64, 10)|]] partial struct Net;")]
    public void UNR012_large_network_in_a_struct(string markup) => AssertDiagnostic("UNR012", markup);

    [Theory]
    [InlineData("[Unrolled.Network(2, 1, Precision = [|(Unrolled.Precision)7|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1, Precision = [|(Unrolled.Precision)(-1)|])] partial class Net;")]
    public void UNR013_unknown_precision(string markup) => AssertDiagnostic("UNR013", markup);

    [Theory]
    [InlineData("[Unrolled.Network(2, 3, 2, Hidden = [|Unrolled.Activation.Softmax|], Output = Unrolled.Activation.Softmax, Loss = Unrolled.Loss.CrossEntropy)] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 3, 1, Hidden = [|Unrolled.Activation.Softmax|])] partial class Net;")]
    [InlineData("[Unrolled.Network(4, 16, 8, 3, Activations = new[] { Unrolled.Activation.ReLU, [|Unrolled.Activation.Softmax|], Unrolled.Activation.Softmax }, Loss = Unrolled.Loss.CrossEntropy)] partial class Net;")]
    [InlineData("[Unrolled.Network(4, 16, 3, Activations = new Unrolled.Activation[] { [|Unrolled.Activation.Softmax|], Unrolled.Activation.Sigmoid })] partial class Net;")]
    [InlineData("[Unrolled.Network(4, 16, 3, Activations = [[|Unrolled.Activation.Softmax|], Unrolled.Activation.Sigmoid])] partial class Net;")]
    public void UNR014_softmax_in_a_hidden_layer(string markup) => AssertDiagnostic("UNR014", markup);

    [Theory]
    [InlineData("[Unrolled.Network(2, 3, 1, Output = [|Unrolled.Activation.Softmax|], Loss = Unrolled.Loss.CrossEntropy)] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 3, 1, Activations = new[] { Unrolled.Activation.Tanh, [|Unrolled.Activation.Softmax|] }, Loss = Unrolled.Loss.CrossEntropy)] partial class Net;")]
    public void UNR015_softmax_with_one_output(string markup) => AssertDiagnostic("UNR015", markup);

    [Theory]
    [InlineData("[Unrolled.Network(4, 16, 8, 3, Activations = [|new[] { Unrolled.Activation.ReLU, Unrolled.Activation.Softmax }|], Loss = Unrolled.Loss.CrossEntropy)] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 3, 1, Activations = [|new[] { Unrolled.Activation.ReLU, Unrolled.Activation.Tanh, Unrolled.Activation.Linear }|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 3, 1, Activations = [|new Unrolled.Activation[0]|])] partial class Net;")]
    public void UNR027_one_activation_per_layer_after_the_input(string markup) => AssertDiagnostic("UNR027", markup);

    [Theory]
    [InlineData("[Unrolled.Network(2, 3, 1, [|Hidden = Unrolled.Activation.Tanh|], Activations = new[] { Unrolled.Activation.ReLU, Unrolled.Activation.Linear })] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 3, 1, Activations = new[] { Unrolled.Activation.ReLU, Unrolled.Activation.Linear }, [|Output = Unrolled.Activation.Linear|])] partial class Net;")]
    public void UNR028_activations_together_with_hidden_or_output(string markup) => AssertDiagnostic("UNR028", markup);

    [Theory]
    [InlineData("[Unrolled.Network(1, 8, 1, Cell = Unrolled.Cell.GRU, [|Hidden = Unrolled.Activation.Tanh|])] partial class Net;")]
    [InlineData("[Unrolled.Network(1, 8, 1, [|Activations = new[] { Unrolled.Activation.Tanh, Unrolled.Activation.Linear }|], Cell = Unrolled.Cell.LSTM)] partial class Net;")]
    public void UNR029_a_cell_with_hidden_activations(string markup) => AssertDiagnostic("UNR029", markup);

    [Fact]
    public void UNR030_a_cell_needs_a_hidden_layer() =>
        AssertDiagnostic("UNR030", "[Unrolled.Network(1, 1, Cell = [|Unrolled.Cell.GRU|])] partial class Net;");

    [Fact]
    public void UNR032_a_recurrent_struct() =>
        AssertDiagnostic("UNR032", "[[|Unrolled.Network(1, 8, 1, Cell = Unrolled.Cell.GRU)|]] partial struct Net;");

    [Fact]
    public void UNR013_a_cell_the_enum_does_not_name() =>
        AssertDiagnostic("UNR013", "[Unrolled.Network(1, 8, 1, Cell = [|(Unrolled.Cell)9|])] partial class Net;");

    [Fact]
    public void UNR013_an_activations_entry_the_enum_does_not_name_is_reported_at_that_entry() =>
        AssertDiagnostic("UNR013", "[Unrolled.Network(2, 3, 1, Activations = new[] { Unrolled.Activation.ReLU, [|(Unrolled.Activation)42|] })] partial class Net;");

    [Theory]
    [InlineData("[Unrolled.Network(2, 3, 1, Output = Unrolled.Activation.Linear, Loss = [|Unrolled.Loss.CrossEntropy|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 3, 1, Output = Unrolled.Activation.ReLU, Loss = [|Unrolled.Loss.CrossEntropy|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 3, 1, Output = Unrolled.Activation.Tanh, Loss = [|Unrolled.Loss.CrossEntropy|])] partial class Net;")]
    public void UNR016_cross_entropy_without_probabilities(string markup) => AssertDiagnostic("UNR016", markup);

    [Fact]
    public void UNR017_softmax_with_squared_error() =>
        AssertDiagnostic("UNR017", "[Unrolled.Network(2, 3, 2, Output = [|Unrolled.Activation.Softmax|])] partial class Net;");

    [Theory]
    [InlineData("[Unrolled.Network(2, 1, Optimizer = Unrolled.Optimizer.Momentum, Momentum = [|-0.5|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1, Optimizer = Unrolled.Optimizer.Momentum, Momentum = [|1.0|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1, Optimizer = Unrolled.Optimizer.Adam, Beta1 = [|double.NaN|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1, Optimizer = Unrolled.Optimizer.Adam, Beta2 = [|1.5|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1, Optimizer = Unrolled.Optimizer.Adam, Epsilon = [|0.0|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1, Optimizer = Unrolled.Optimizer.Adam, Epsilon = [|double.PositiveInfinity|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1, Precision = Unrolled.Precision.Single, Optimizer = Unrolled.Optimizer.Adam, Epsilon = [|1e-50|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1, Precision = Unrolled.Precision.Single, Optimizer = Unrolled.Optimizer.Adam, Epsilon = [|1e300|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1, Precision = Unrolled.Precision.Single, Optimizer = Unrolled.Optimizer.Adam, Beta1 = [|0.99999999|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1, Precision = Unrolled.Precision.Single, Optimizer = Unrolled.Optimizer.Momentum, Momentum = [|0.99999999|])] partial class Net;")]
    public void UNR018_hyper_parameter_out_of_range(string markup) => AssertDiagnostic("UNR018", markup);

    [Theory]
    [InlineData("", "Momentum", "Sgd", "Momentum")]
    [InlineData("Optimizer = Unrolled.Optimizer.Sgd, ", "Momentum", "Sgd", "Momentum")]
    [InlineData("Optimizer = Unrolled.Optimizer.Adam, ", "Momentum", "Adam", "Momentum")]
    [InlineData("", "Beta1", "Sgd", "Adam")]
    [InlineData("Optimizer = Unrolled.Optimizer.Sgd, ", "Beta1", "Sgd", "Adam")]
    [InlineData("Optimizer = Unrolled.Optimizer.Momentum, ", "Beta1", "Momentum", "Adam")]
    [InlineData("", "Beta2", "Sgd", "Adam")]
    [InlineData("Optimizer = Unrolled.Optimizer.Sgd, ", "Beta2", "Sgd", "Adam")]
    [InlineData("Optimizer = Unrolled.Optimizer.Momentum, ", "Beta2", "Momentum", "Adam")]
    [InlineData("", "Epsilon", "Sgd", "Adam")]
    [InlineData("Optimizer = Unrolled.Optimizer.Sgd, ", "Epsilon", "Sgd", "Adam")]
    [InlineData("Optimizer = Unrolled.Optimizer.Momentum, ", "Epsilon", "Momentum", "Adam")]
    public void UNR023_an_option_the_optimizer_does_not_read(string optimizer, string option, string used, string readBy) =>
        AssertDiagnostic("UNR023", $"[Unrolled.Network(2, 1, {optimizer}[|{option} = 0.5|])] partial class Net;",
            phrase: $"it trains with Optimizer.{used}, and {option} is read only by Optimizer.{readBy}; remove {option} or set Optimizer = Optimizer.{readBy}");

    [Fact]
    public void UNR023_every_option_is_reported_where_it_is_written()
    {
        Markup markup = Markup.Parse("[Unrolled.Network(2, 1, Optimizer = Unrolled.Optimizer.Momentum, [|Beta1 = 0.8|], Momentum = 0.5, [|Epsilon = 1e-6|])] partial class Net;");
        GeneratorRun run = GeneratorHarness.Run(markup.Source);
        Assert.Equal(markup.Spans, run.GeneratorDiagnostics.Select(d => d.Location.SourceSpan).Order());
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("UNR023", d.Id));
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData("Optimizer = Unrolled.Optimizer.Momentum, Momentum = 0.5")]
    [InlineData("Optimizer = Unrolled.Optimizer.Adam, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-6")]
    [InlineData("Precision = Unrolled.Precision.Single, Optimizer = Unrolled.Optimizer.Adam, Epsilon = 1e-6")]
    public void Options_the_optimizer_reads_are_allowed(string options)
    {
        GeneratorRun run = GeneratorHarness.Run($"[Unrolled.Network(2, 1, {options})] partial class Net;");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        Assert.Single(run.Lessons);
    }

    [Theory]
    [InlineData("[Unrolled.Network(2, 1, Hidden = [|(Unrolled.Activation)9|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1, Loss = [|(Unrolled.Loss)2|])] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1, Optimizer = [|(Unrolled.Optimizer)(-3)|])] partial class Net;")]
    public void UNR013_unknown_option_value(string markup) => AssertDiagnostic("UNR013", markup);

    [Fact]
    public void UNR012_limit_is_inclusive()
    {
        // 255 inputs + 1 bias into one output: exactly 256 parameters, the most a struct holds as fields.
        GeneratorRun run = GeneratorHarness.Run("[Unrolled.Network(255, 1)] partial struct Net;");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
    }

    [Theory]
    [InlineData("[Unrolled.Network(2, 1)] partial [|record|] Net;")]
    [InlineData("[Unrolled.Network(2, 1)] partial [|record|] struct Net;")]
    [InlineData("[Unrolled.Network(2, 1)] [|static|] partial class Net { }")]
    [InlineData("[Unrolled.Network(2, 1)] [|readonly|] partial struct Net;")]
    [InlineData("[Unrolled.Network(2, 1)] [|ref|] partial struct Net;")]
    [InlineData("[Unrolled.Network(2, 1)] [|file|] partial class Net;")]
    [InlineData("[Unrolled.Network(2, 1)] public partial struct Net { } public [|readonly|] partial struct Net { }")]
    [InlineData("[Unrolled.Network(2, 1)] partial class Net { } [|static|] partial class Net { }")]
    [InlineData("[|file|] partial class Outer { [Unrolled.Network(2, 1)] public partial class Net { } }")]
    [InlineData("[[|System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)|]] [Unrolled.Network(2, 1)] partial struct Net;")]
    [InlineData("[[|System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)|]] [Unrolled.Network(2, 1)] partial struct Net { public int Epochs; }")]
    public void UNR007_unsupported_kind_of_type(string markup) => AssertDiagnostic("UNR007", markup);

    [Theory]
    [InlineData("public void [|Predict|](System.ReadOnlySpan<double> a, System.Span<double> b) { }")]
    [InlineData("public double [|Train|](System.ReadOnlySpan<double> a, System.ReadOnlySpan<double> b, double c) => 0;")]
    [InlineData("public void [|Randomize|](ulong seed) { }")]
    [InlineData("public const int [|InputCount|] = 3;")]
    [InlineData("public int [|OutputCount|] { get; }")]
    [InlineData("public static int[] [|LayerSizes|] = [];")]
    [InlineData("private static int[] [|s_layerSizes|] = [];")]
    [InlineData("private double [|_w1_0_0|];")]
    [InlineData("private double [|_b1_0|];")]
    [InlineData("public class [|TrainBatch|] { }")]
    public void UNR008_member_with_a_generated_name(string member) =>
        AssertDiagnostic("UNR008", "[Unrolled.Network(2, 1)] partial class Net { " + member + " }");

    [Fact]
    public void UNR008_primary_constructor_parameter_with_a_generated_name() =>
        AssertDiagnostic("UNR008", "[Unrolled.Network(2, 1)] partial class Net(int [|InputCount|]) { public int Size => InputCount; }");

    [Fact]
    public void UNR008_explicit_implementation_of_a_generated_interface_member() =>
        AssertDiagnostic("UNR008", "[Unrolled.Network(2, 1)] partial class Net { void Unrolled.INetwork.[|Randomize|](ulong seed) { } }", ignoreCompilerErrors: true);

    [Fact]
    public void UNR008_inherited_member_that_would_be_hidden() =>
        AssertDiagnostic("UNR008", """
            public class Base { public void SetParameters(System.ReadOnlySpan<double> source) { } }
            [Unrolled.Network(2, 1)] partial class Net : [|Base|] { }
            """);

    [Fact]
    public void UNR010_deriving_from_another_network() =>
        AssertDiagnostic("UNR010", """
            [Unrolled.Network(2, 1)] public partial class Base { }
            [Unrolled.Network(2, 1)] partial class Derived : [|Base|] { }
            """);

    [Theory]
    [InlineData("public double Predict(double a, double b) { System.Span<double> o = stackalloc double[1]; Predict([a, b], o); return o[0]; }")]
    [InlineData("public void Predict(in System.ReadOnlySpan<double> a, System.Span<double> b) { }")]
    [InlineData("public void Predict<T>(System.ReadOnlySpan<double> a, System.Span<double> b) { }")]
    [InlineData("public void Train(System.ReadOnlySpan<double> a, System.ReadOnlySpan<double> b, ref double c) { }")]
    [InlineData("public void Randomize(int seed) => Randomize((ulong)seed);")]
    public void Overloads_with_other_parameters_are_allowed(string member)
    {
        GeneratorRun run = GeneratorHarness.Run("[Unrolled.Network(2, 1)] partial class Net { " + member + " }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
    }

    [Fact]
    public void UNR011_language_version_older_than_CSharp_8()
    {
        Markup markup = Markup.Parse("namespace Demo { [[|Unrolled.Network(2, 1)|]] partial class Net { } }");
        GeneratorRun run = GeneratorHarness.Run(new CSharpParseOptions(LanguageVersion.CSharp7_3), markup.Source);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("UNR011", diagnostic.Id);
        Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
        Assert.Contains("C# 7.3", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains(s_whatToChange["UNR011"], diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void CSharp_8_is_enough()
    {
        GeneratorRun run = GeneratorHarness.Run(new CSharpParseOptions(LanguageVersion.CSharp8),
            "namespace Demo { [Unrolled.Network(2, 3, 1)] partial class Net { } [Unrolled.Network(2, 1)] partial struct S { } }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
    }

    [Fact]
    public void UNR009_type_named_like_a_generated_member() =>
        AssertDiagnostic("UNR009", "[Unrolled.Network(2, 1)] partial class [|Train|];");

    [Fact]
    public void Every_descriptor_has_an_id_title_and_message_and_is_tested_and_documented()
    {
        string table = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "diagnostics.md"));
        string releases = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "generator", "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "generator", "AnalyzerReleases.Shipped.md"));
        string[] tests = [.. typeof(DiagnosticTests).GetMethods().Concat(typeof(FrozenNetworkTests).GetMethods()).Select(m => m.Name)];
        foreach (DiagnosticDescriptor descriptor in Unrolled.Generator.Diagnostics.DiagnosticDescriptors.All)
        {
            Assert.Matches("^UNR[0-9]{3}$", descriptor.Id);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Single(table.Split('\n'), line => line.StartsWith($"| {descriptor.Id} |", StringComparison.Ordinal));
            Assert.True(s_whatToChange.ContainsKey(descriptor.Id), $"{descriptor.Id} needs its 'what to change' phrase in s_whatToChange");
            Assert.Contains(descriptor.Id + " |", releases, StringComparison.Ordinal);
            Assert.Contains(tests, t => t.StartsWith(descriptor.Id + "_", StringComparison.Ordinal));
        }
    }

    // Every message says what to change; each id's test checks its message carries the advice.
    private static readonly Dictionary<string, string> s_whatToChange = new()
    {
        ["UNR001"] = "add the 'partial' modifier",
        ["UNR002"] = "add the 'partial' modifier to",
        ["UNR003"] = "give at least two layer sizes",
        ["UNR004"] = "every layer needs at least one neuron",
        ["UNR005"] = "remove the type parameters",
        ["UNR006"] = "make the layers smaller",
        ["UNR033"] = "or use an optimizer that keeps less",
        ["UNR007"] = "which cannot receive the generated network;",
        ["UNR008"] = "rename or remove it",
        ["UNR009"] = "rename the type",
        ["UNR010"] = "in a field instead of deriving from it",
        ["UNR011"] = "set it to 8.0 or later",
        ["UNR012"] = "as a partial class or make the layers smaller",
        ["UNR013"] = "does not name; use",
        ["UNR014"] = "which only the output layer can use; choose",
        ["UNR015"] = "give the network at least two outputs",
        ["UNR016"] = "set Output = Activation.Sigmoid or Activation.Softmax, or use Loss.SquaredError",
        ["UNR017"] = "set Loss = Loss.CrossEntropy",
        ["UNR018"] = "; make it",
        ["UNR019"] = "add <AdditionalFiles Include=",
        ["UNR020"] = "save the trained network again with NetworkFile.Save or NetworkFile.SaveAsText",
        ["UNR021"] = "declare it as the network that was saved: ",
        ["UNR022"] = "write a longer path, relative to the project directory, such as Weights = ",
        ["UNR023"] = "or set Optimizer = Optimizer.",
        ["UNR024"] = ", then build again",
        ["UNR025"] = "write the path of the weights file",
        ["UNR026"] = "a frozen network never trains; remove ",
        ["UNR027"] = "list one activation per layer, the output layer's last",
        ["UNR028"] = ", or remove Activations",
        ["UNR029"] = "and set the output layer's activation with Output",
        ["UNR030"] = "add one between the input and the output size",
        ["UNR032"] = "declare 'Net' as a partial class",
    };

    private static GeneratorRun RunMarkup(string marked, out Markup markup)
    {
        markup = Markup.Parse(marked);
        GeneratorRun run = GeneratorHarness.Run(markup.Source);
        Assert.Null(run.Single.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CS8785");
        return run;
    }

    private static void AssertDiagnostic(string id, string marked, bool ignoreCompilerErrors = false, string? phrase = null)
    {
        GeneratorRun run = RunMarkup(marked, out Markup markup);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain("{", message, StringComparison.Ordinal);
        Assert.Contains(s_whatToChange[id], message, StringComparison.Ordinal);
        Assert.Contains(phrase ?? s_whatToChange[id], message, StringComparison.Ordinal);

        // The offending type gets no code; only a valid base network in the same source does.
        Assert.All(run.Lessons, s => Assert.Equal("Base.g.cs", s.HintName));
        if (!ignoreCompilerErrors)
        {
            // The user's code compiles as written: the UNR error is the only one they see.
            Assert.Empty(run.CompilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError));
        }
    }
}
