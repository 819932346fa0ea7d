using System.Globalization;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// Hostile input, generated at random but from fixed seeds: attribute arguments of any value and
/// type, every kind of type declaration at any nesting depth, and valid sources with one token
/// deleted, doubled or replaced. Whatever comes in, the generator must not throw (CS8785) and must
/// never write code that does not compile cleanly; when it writes nothing, something must say why.
/// </summary>
public sealed class GeneratorFuzzTests
{
    private const long StructuredCases = 7_000;
    private const long MutatedCases = 3_000;

    private static readonly Gen<string> s_layerSize = Gen.OneOf(
        Gen.Int[-3, 12].Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.OneOf("0", "-1", "int.MaxValue", "int.MinValue", "255", "256", "257", "46341", "1000000", "(int)3.9", "1 + 1", "\"3\"", "null", "2.5"),
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static readonly Gen<string> s_option = Gen.OneOf(
        "Hidden = Unrolled.Activation.Tanh", "Hidden = Unrolled.Activation.ReLU", "Hidden = Unrolled.Activation.Softmax", "Hidden = (Unrolled.Activation)42",
        "Output = Unrolled.Activation.Softmax", "Output = Unrolled.Activation.Linear", "Output = Unrolled.Activation.LeakyReLU",
        "Loss = Unrolled.Loss.CrossEntropy", "Loss = (Unrolled.Loss)(-1)",
        "Optimizer = Unrolled.Optimizer.Adam", "Optimizer = Unrolled.Optimizer.Momentum",
        "Momentum = 0.5", "Momentum = 1", "Momentum = double.NaN", "Beta1 = -0.1", "Beta2 = 0.999999999999", "Epsilon = 0", "Epsilon = 1e-300", "Epsilon = double.PositiveInfinity",
        "Precision = Unrolled.Precision.Single", "Precision = (Unrolled.Precision)7",
        "Weights = \"missing.unrolled\"", "Weights = null", "Weights = \"\"",
        "Hidden = 3.5", "Loss = \"x\"", "Momentum = \"high\"", "Nonexistent = 1", "Optimizer = Unrolled.Activation.Tanh");

    private static readonly Gen<string> s_attribute = Gen.Select(s_layerSize.Array[0, 5], s_option.Array[0, 3], Gen.Bool,
        (layers, options, arrayForm) =>
        {
            string sizes = arrayForm ? $"new int[] {{ {string.Join(", ", layers)} }}" : string.Join(", ", layers);
            return $"[Unrolled.Network({string.Join(", ", new[] { sizes }.Where(s => s.Length > 0).Concat(options))})]";
        });

    private static readonly Gen<string> s_typeKind = Gen.OneOf(
        "partial class", "partial struct", "class", "struct", "partial record", "partial record struct", "static partial class",
        "abstract partial class", "sealed partial class", "readonly partial struct", "ref partial struct", "partial interface", "public partial class", "internal sealed partial class");

    private static readonly Gen<string> s_source = Gen.Select(s_attribute, s_typeKind, Gen.Int[0, 3], Gen.Bool, Gen.Int[0, 2], Gen.Bool,
        (attribute, kind, depth, generic, namespaceForm, outerPartial) =>
        {
            string type = $"{attribute} {kind} Net{(generic ? "<T>" : string.Empty)} {{ }}";
            for (int level = depth; level > 0; level--)
            {
                type = $"{(outerPartial ? "partial " : string.Empty)}class Outer{level} {{ {type} }}";
            }

            return namespaceForm switch
            {
                0 => type,
                1 => "namespace Fuzz.Space;\n" + type,
                _ => "namespace Fuzz { " + type + " }",
            };
        });

    private static readonly string[] s_validSources =
    [
        "namespace Demo; [Unrolled.Network(2, 4, 1)] public partial class XorNet;",
        "[Unrolled.Network(3, 5, 4, 2, Hidden = Unrolled.Activation.Tanh, Output = Unrolled.Activation.Softmax, Loss = Unrolled.Loss.CrossEntropy, Optimizer = Unrolled.Optimizer.Adam)] partial class Net { }",
        "namespace A { partial class Outer { [Unrolled.Network(new[] { 2, 3, 1 }, Precision = Unrolled.Precision.Single)] internal partial struct Inner { } } }",
        "[Unrolled.Network(17, 15, 13, 3, Optimizer = Unrolled.Optimizer.Momentum, Momentum = 0.5)] public sealed partial class Blocked;",
    ];

    private static readonly string[] s_replacements = ["", ",", ")", "(", "[", "]", "{", "}", ";", "partial", "class", "struct", "0", "-", "\"", "Network", "Unrolled", "=", "new", "int", "static", "<T>", "1e9"];

    private static readonly Gen<string> s_mutated = Gen.Select(Gen.Int[0, s_validSources.Length - 1], Gen.Int[0, 1000], Gen.Int[0, 2], Gen.Int[0, s_replacements.Length - 1],
        (sourceIndex, position, mutation, replacement) =>
        {
            SyntaxToken[] tokens = [.. CSharpSyntaxTree.ParseText(s_validSources[sourceIndex]).GetRoot().DescendantTokens()];
            int at = position % tokens.Length;
            return string.Concat(tokens.Select((token, index) => index != at ? token.ToFullString()
                : mutation switch
                {
                    0 => token.LeadingTrivia.ToFullString(),                                // deleted
                    1 => token.ToFullString() + " " + token.ToFullString(),                 // doubled
                    _ => token.LeadingTrivia.ToFullString() + s_replacements[replacement] + " ", // replaced
                }));
        });

    [Fact]
    public void Random_attributes_and_type_shapes_never_crash_the_generator_or_break_its_code() =>
        s_source.Sample(AssertHandled, seed: "0N0XIzNsQ0O2", iter: StructuredCases);

    [Fact]
    public void Valid_sources_with_a_token_deleted_doubled_or_replaced_never_crash_the_generator() =>
        s_mutated.Sample(AssertHandled, seed: "0N0XIzNsQ0O3", iter: MutatedCases);

    [Fact]
    public void A_thousand_networks_in_one_file_are_all_generated()
    {
        string source = "namespace Many;\n" + string.Concat(Enumerable.Range(0, 1_000).Select(n => $"[Unrolled.Network(2, {1 + (n % 7)}, 1)] public partial class Net{n};\n"));
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Null(run.Single.Exception);
        Assert.Equal(1_000, run.Lessons.Length);
    }

    private static void AssertHandled(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.True(run.Single.Exception is null, $"The generator threw on:\n{source}\n{run.Single.Exception}");
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CS8785");
        Assert.True(run.DiagnosticsInGeneratedCode.IsEmpty, $"Generated code does not compile cleanly for:\n{source}\n{string.Join("\n", run.DiagnosticsInGeneratedCode)}");
        bool explained = run.Sources.Length > 0
            || run.GeneratorDiagnostics.Any(d => d.Id.StartsWith("UNR", StringComparison.Ordinal))
            || run.CompilerDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)
            || !source.Contains("Network", StringComparison.Ordinal);
        Assert.True(explained, $"Nothing was generated and nothing says why, for:\n{source}");
    }
}
