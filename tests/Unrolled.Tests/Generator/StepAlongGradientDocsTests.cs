using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The blocked layout's StepAlongGradient says the update rule of the network's own optimizer: a
/// Momentum or Adam network's summary must not claim the plain step W -= learningRate * dE/dW; nor
/// may Train's summary call an Adam step a gradient-descent step.
/// </summary>
public sealed partial class StepAlongGradientDocsTests
{
    [Theory]
    [InlineData("Sgd", new[] { "w -= learningRate * g" }, "v = ")]
    [InlineData("Momentum", new[] { "v = Momentum * v + g", "w -= learningRate * v" }, "w -= learningRate * g")]
    [InlineData("Adam", new[] { "m = Beta1 * m + (1 - Beta1) * g", "v = Beta2 * v + (1 - Beta2) * g^2", "w -= stepSize * m / (sqrt(v * secondMomentScale) + Epsilon)" }, "w -= learningRate * g")]
    public void The_summary_states_the_configured_optimizers_rule(string optimizer, string[] rule, string notThere)
    {
        // 17-15-13-3 has 507 parameters: the blocked layout, where StepAlongGradient lives.
        GeneratorRun run = GeneratorHarness.Run($"namespace Demo; [Unrolled.Network(17, 15, 13, 3, Optimizer = Unrolled.Optimizer.{optimizer})] public partial class Net;");
        Assert.Empty(run.GeneratorDiagnostics);
        IMethodSymbol step = run.Output.GetTypeByMetadataName("Demo.Net")!.GetMembers("StepAlongGradient").OfType<IMethodSymbol>().Single();

        string summary = Whitespace().Replace(XElement.Parse(step.GetDocumentationCommentXml(cancellationToken: TestContext.Current.CancellationToken)!).Element("summary")!.Value, " ").Trim();

        Assert.All(rule, assignment => Assert.Contains(assignment, summary, StringComparison.Ordinal));
        Assert.DoesNotContain(notThere, summary, StringComparison.Ordinal);
        Assert.DoesNotContain("W -= learningRate * dE/dW", summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sgd", "One gradient-descent step on one sample")]
    [InlineData("Momentum", "One gradient-descent step with momentum on one sample")]
    [InlineData("Adam", "One Adam step on one sample")]
    public void Trains_summary_names_the_configured_optimizers_step(string optimizer, string expected)
    {
        GeneratorRun run = GeneratorHarness.Run($"namespace Demo; [Unrolled.Network(2, 4, 1, Optimizer = Unrolled.Optimizer.{optimizer})] public partial class Net;");
        Assert.Empty(run.GeneratorDiagnostics);
        IMethodSymbol train = run.Output.GetTypeByMetadataName("Demo.Net")!.GetMembers("Train").OfType<IMethodSymbol>().Single();

        string summary = Whitespace().Replace(XElement.Parse(train.GetDocumentationCommentXml(cancellationToken: TestContext.Current.CancellationToken)!).Element("summary")!.Value, " ").Trim();

        Assert.StartsWith(expected, summary, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
