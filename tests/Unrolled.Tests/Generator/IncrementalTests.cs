using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Unrolled.Generator;
using Unrolled.Tests.Infrastructure;

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

    // A project file that is not a network's weights, so that the AdditionalFiles steps run too.
    private static readonly AdditionalText[] s_additionalFiles = [new InMemoryAdditionalText("/project/notes.txt", "not weights")];

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
        string before = driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();

        SyntaxTree tree = first.SyntaxTrees.Single();
        CSharpCompilation second = first.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Networks.Replace("(2, 4, 1)", "(2, 5, 1)", StringComparison.Ordinal))));
        GeneratorRunResult result = driver.RunGenerators(second, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.Specs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        string after = result.GeneratedSources.Single().SourceText.ToString();
        Assert.NotEqual(before, after);
        Assert.Contains("_w1_4_1", after, StringComparison.Ordinal);
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
