using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// How the blocked layout's TrainBatch spends its time, checked on the generated methods: the softmax's exps
/// are computed once, a vector of rows at a time, and the mean step multiplies by 1 / rows instead of dividing
/// every gradient. (The numbers these give are checked against the references by the Numerics tests.)
/// </summary>
public sealed class BlockedTrainingCodeTests
{
    // The digits benchmark's network: large enough for the blocked layout and its batch passes.
    private const string Classifier = "Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam";

    public static TheoryData<string> Precisions() => ["Double", "Single"];

    [Theory]
    [MemberData(nameof(Precisions))]
    public void The_batch_backward_pass_takes_the_softmax_normaliser_from_the_forward_pass_and_computes_no_exp(string precision)
    {
        string backward = Method(Run($"[Network(64, 32, 10, {Classifier}, Precision = Precision.{precision})]"), "BackwardBatch");

        Assert.DoesNotContain("Exp(", backward, StringComparison.Ordinal);
        Assert.Contains("logSums[r] = -global::System.Math", backward, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Double", "VectorExp(")]
    [InlineData("Single", "global::System.Numerics.Vector.Exp(")]
    public void The_block_softmax_computes_a_vector_of_rows_at_a_time_with_the_networks_vector_exp(string precision, string vectorExp)
    {
        string softmax = Method(Run($"[Network(64, 32, 10, {Classifier}, Precision = Precision.{precision})]"), "ApplySoftmax");

        Assert.Contains(vectorExp, softmax, StringComparison.Ordinal);
        Assert.Contains("global::System.Numerics.Vector.Max(", softmax, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Adam")]
    [InlineData("Momentum")]
    public void The_mean_step_multiplies_each_sum_of_gradients_by_one_over_rows(string optimizer)
    {
        string trainBatch = Method(Run($"[Network(64, 32, 10, Optimizer = Optimizer.{optimizer})]"), "TrainBatch");

        Assert.Contains("double inverseRows = 1.0 / rows;", trainBatch, StringComparison.Ordinal);
        Assert.DoesNotContain("rowCount", trainBatch, StringComparison.Ordinal);
        Assert.DoesNotContain("(ref gradients, (nuint)n) /", trainBatch, StringComparison.Ordinal);
        Assert.DoesNotContain("(ref gradients, n) /", trainBatch, StringComparison.Ordinal);
    }

    private static GeneratorRun Run(string attribute)
    {
        GeneratorRun run = GeneratorHarness.Run($"using Unrolled;\nnamespace Demo;\n{attribute} public partial class Net;");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        return run;
    }

    // The text of the one generated method of that name, whichever file holds it.
    private static string Method(GeneratorRun run, string name) =>
        Assert.Single(
            run.Output.SyntaxTrees
                .Where(tree => tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal))
                .SelectMany(tree => tree.GetRoot(TestContext.Current.CancellationToken).DescendantNodes().OfType<MethodDeclarationSyntax>()),
            method => method.Identifier.Text == name).ToFullString();
}
