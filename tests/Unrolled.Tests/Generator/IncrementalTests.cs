using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Unrolled.Generator;
using Unrolled.Generator.Model;
using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The IDE reruns generators on every keystroke. An edit that does not touch a network must reuse
/// every cached step; an edit to a layer size must produce new code.
/// </summary>
public sealed class IncrementalTests
{
    private const string Networks = """
        namespace Demo;
        [Unrolled.Network(2, 4, 1)] public partial class XorNet;
        [Unrolled.Network(3, 1)] public partial class Broken { public void Predict(System.ReadOnlySpan<double> a, System.Span<double> b) { } }
        [Unrolled.Network(2, 1, Weights = "missing.unrolled")] public partial class Unweighted;
        """;

    // The file Unweighted names (listed, not saved yet) and one no network names, so that every
    // AdditionalFiles step runs and has an output the run result can show.
    private static readonly AdditionalText[] s_additionalFiles =
        [new InMemoryAdditionalText("/project/notes.txt", "not weights"), new MissingAdditionalText("/project/missing.unrolled")];

    [Fact]
    public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        CSharpCompilation first = GeneratorHarness.CreateCompilation(Networks, "namespace Demo; class Other { int X => 1; }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver(additionalFiles: s_additionalFiles).RunGenerators(first, TestContext.Current.CancellationToken);

        SyntaxTree other = first.SyntaxTrees.Last();
        CSharpCompilation second = first.ReplaceSyntaxTree(other, other.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("namespace Demo; class Other { int X => 2; int Y => 3; }")));
        GeneratorRunResult result = driver.RunGenerators(second, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        Assert.Equal(TrackingNames.All.Order(), result.TrackedSteps.Keys.Where(k => k.StartsWith("Unrolled.", StringComparison.Ordinal)).Order());
        foreach (string step in TrackingNames.All)
        {
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output =>
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_a_layer_size_regenerates_that_network()
    {
        CSharpCompilation first = GeneratorHarness.CreateCompilation(Networks);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(first, TestContext.Current.CancellationToken);
        string before = driver.GetRunResult().Results.Single().GeneratedSources.Lessons().Single().SourceText.ToString();

        SyntaxTree tree = first.SyntaxTrees.Single();
        CSharpCompilation second = first.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Networks.Replace("(2, 4, 1)", "(2, 5, 1)", StringComparison.Ordinal))));
        GeneratorRunResult result = driver.RunGenerators(second, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.Specs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        string after = result.GeneratedSources.Lessons().Single().SourceText.ToString();
        Assert.NotEqual(before, after);
        Assert.Contains("_w1_4_1", after, StringComparison.Ordinal);
    }

    private const string XorFile = """
        namespace Demo;

        [Unrolled.Network(2, 4, 1)]
        public partial class XorNet { }
        """;

    private const string FrozenFile = """
        namespace Demo;

        [Unrolled.Network(2, 4, 1, Weights = "xor.unrolled")]
        public partial class FrozenXor;
        """;

    // Steps that hold one value per network, which a test can attribute to that network.
    private static readonly string[] s_networkSteps =
        [TrackingNames.Parse, TrackingNames.Specs, TrackingNames.Resolved, TrackingNames.ResolvedSpecs, TrackingNames.Files];

    private static readonly string s_savedXor = SavedNetworks.Text(new XorNetwork());

    [Fact]
    public void Adding_a_second_network_leaves_the_first_one_cached()
    {
        CSharpCompilation first = GeneratorHarness.CreateCompilation(XorFile);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(first, TestContext.Current.CancellationToken);
        SourceText[] before = SourcesOf(driver.GetRunResult().Results.Single(), "XorNet");

        CSharpCompilation second = first.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Demo; [Unrolled.Network(3, 2)] public partial class SecondNet;", GeneratorHarness.ParseOptions, path: "Second.cs", cancellationToken: TestContext.Current.CancellationToken));
        GeneratorRunResult result = driver.RunGenerators(second, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        AssertReused(result, "XorNet", s_networkSteps);
        Assert.All(Reasons(result, TrackingNames.Files, "SecondNet"), reason => Assert.Equal(IncrementalStepRunReason.New, reason));
        AssertNotRegenerated(before, result, "XorNet");
        Assert.NotEmpty(SourcesOf(result, "SecondNet"));
    }

    [Fact]
    public void Editing_the_network_s_own_file_reparses_it_but_does_not_emit_it_again()
    {
        CSharpCompilation first = GeneratorHarness.CreateCompilation(XorFile);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(first, TestContext.Current.CancellationToken);
        SourceText[] before = SourcesOf(driver.GetRunResult().Results.Single(), "XorNet");

        // A method and a comment in the partial class: the declaration is parsed again, the spec it
        // gives is equal, so nothing after the parse runs and the file is not written again.
        string edited = XorFile.Replace("{ }", "{ /* scaled */ public double Scale(double x) => 2 * x; }", StringComparison.Ordinal);
        GeneratorRunResult result = Edit(driver, first, edited).GetRunResult().Results.Single();

        Assert.All(Reasons(result, TrackingNames.Parse, "XorNet"), reason => Assert.Equal(IncrementalStepRunReason.Unchanged, reason));
        AssertReused(result, "XorNet", TrackingNames.Specs, TrackingNames.Resolved, TrackingNames.ResolvedSpecs, TrackingNames.Files);
        Assert.All(Reasons(result, TrackingNames.Specs, "XorNet"), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        AssertNotRegenerated(before, result, "XorNet");
    }

    [Fact]
    public void Editing_an_unrelated_additional_file_neither_reads_it_nor_reruns_any_network()
    {
        var notes = new CountingAdditionalText("/project/notes.txt", "first draft");
        var weights = new CountingAdditionalText("/project/xor.unrolled", s_savedXor);
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(XorFile, FrozenFile);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(additionalFiles: [notes, weights]).RunGenerators(compilation, TestContext.Current.CancellationToken);
        GeneratorRunResult initial = driver.GetRunResult().Results.Single();
        Assert.Empty(initial.Diagnostics);
        SourceText[] xorBefore = SourcesOf(initial, "XorNet");
        SourceText[] frozenBefore = SourcesOf(initial, "FrozenXor");

        var editedNotes = new CountingAdditionalText("/project/notes.txt", "second draft");
        GeneratorRunResult result = driver.ReplaceAdditionalText(notes, editedNotes).RunGenerators(compilation, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        Assert.Equal(0, notes.Reads + editedNotes.Reads);
        Assert.Equal(1, weights.Reads);
        foreach (string network in new[] { "XorNet", "FrozenXor" })
        {
            AssertReused(result, network, s_networkSteps);
        }

        foreach (string step in new[] { TrackingNames.AllWeightsFiles, TrackingNames.SpecsWithAdditionalFiles })
        {
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), o =>
                Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }

        AssertNotRegenerated(xorBefore, result, "XorNet");
        AssertNotRegenerated(frozenBefore, result, "FrozenXor");
    }

    [Fact]
    public void Moving_a_frozen_network_down_a_line_does_not_regenerate_it()
    {
        CSharpCompilation first = GeneratorHarness.CreateCompilation(FrozenFile);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(additionalFiles: [new InMemoryAdditionalText("/project/xor.unrolled", s_savedXor)])
            .RunGenerators(first, TestContext.Current.CancellationToken);
        GeneratorRunResult initial = driver.GetRunResult().Results.Single();
        Assert.Empty(initial.Diagnostics);
        SourceText[] before = SourcesOf(initial, "FrozenXor");

        // The spec moves with its Weights location, which only a diagnostic would need; once the
        // weights are read the resolved spec is the same, so nothing is emitted again.
        GeneratorRunResult result = Edit(driver, first, "\n" + FrozenFile).GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Specs, "FrozenXor"));
        AssertReused(result, "FrozenXor", TrackingNames.Resolved, TrackingNames.ResolvedSpecs, TrackingNames.Files);
        AssertNotRegenerated(before, result, "FrozenXor");
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_or_compilations()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Networks);
        GeneratorRunResult result = GeneratorHarness.CreateDriver(additionalFiles: s_additionalFiles).RunGenerators(compilation, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        int modelsChecked = 0;
        foreach (string step in TrackingNames.All)
        {
            foreach (object value in result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value))
            {
                AssertHoldsOnlyValues(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
                modelsChecked++;
            }
        }

        Assert.True(modelsChecked >= 3, "The walk must see the parse results, the diagnostic and the spec.");
    }

    [Fact]
    public void The_model_walk_detects_a_symbol()
    {
        // Proves the walk can fail: a symbol hidden inside a record is found.
        ISymbol symbol = GeneratorHarness.CreateCompilation("class C { }").GetTypeByMetadataName("C")!;
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
            AssertHoldsOnlyValues(new { Inner = new object[] { 1, symbol } }, "test", new HashSet<object>(ReferenceEqualityComparer.Instance)));
    }

    private static GeneratorDriver Edit(GeneratorDriver driver, CSharpCompilation compilation, string newText)
    {
        SyntaxTree tree = compilation.SyntaxTrees.First();
        return driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(newText))), TestContext.Current.CancellationToken);
    }

    // Every file of one network, whichever of its files a member lands in.
    private static SourceText[] SourcesOf(GeneratorRunResult result, string typeName) =>
        [.. result.GeneratedSources.Where(s => s.HintName.StartsWith("Demo." + typeName + ".", StringComparison.Ordinal)).OrderBy(s => s.HintName, StringComparer.Ordinal).Select(s => s.SourceText)];

    // A cached output hands back the very text of the run before; an emitted one is a new text.
    private static void AssertNotRegenerated(SourceText[] before, GeneratorRunResult result, string typeName)
    {
        SourceText[] after = SourcesOf(result, typeName);
        Assert.NotEmpty(before);
        Assert.Equal(before.Length, after.Length);
        Assert.All(before.Zip(after), pair => Assert.Same(pair.First, pair.Second));
    }

    private static void AssertReused(GeneratorRunResult result, string typeName, params string[] steps)
    {
        foreach (string step in steps)
        {
            IncrementalStepRunReason[] reasons = Reasons(result, step, typeName);
            Assert.True(reasons.Length > 0, $"{step} has no output for {typeName}.");
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} for {typeName}: {reason}"));
        }
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step, string typeName) =>
        [.. result.TrackedSteps[step].SelectMany(s => s.Outputs).Where(o => NetworkName(o.Value) == typeName).Select(o => o.Reason)];

    private static string? NetworkName(object value) => value switch
    {
        ParseResult parsed => parsed.Spec?.TypeName,
        NetworkSpec spec => spec.TypeName,
        Unrolled.Generator.Model.NetworkFile file => file.Spec.TypeName,
        _ => null,
    };

    private static void AssertHoldsOnlyValues(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or SyntaxTree or Location or SemanticModel,
            $"{path} holds a {value.GetType().Name}, which keeps a compilation alive and defeats caching.");

        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence)
            {
                AssertHoldsOnlyValues(item, $"{path}[{i++}]", seen);
            }

            return;
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertHoldsOnlyValues(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }
}
