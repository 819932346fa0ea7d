using Microsoft.CodeAnalysis;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// UNR021's advice for a saved file whose activations are not the attribute's must be one the user can
/// follow: <c>Activations</c> cannot stand beside <c>Hidden</c> or <c>Output</c> (UNR028), so when the file's
/// layers differ in activation the advice says to remove the ones the attribute writes, and an attribute
/// that writes <c>Activations</c> is told the file's list, never <c>Hidden</c> or <c>Output</c>.
/// </summary>
public sealed class FrozenActivationAdviceTests
{
    private const string PerLayer = "Activations = new[] { Unrolled.Activation.ReLU, Unrolled.Activation.Tanh, Unrolled.Activation.Softmax }";
    private const string Shared = "Hidden = Unrolled.Activation.ReLU, Output = Unrolled.Activation.Softmax";

    [Theory]
    [InlineData("Hidden = Unrolled.Activation.ReLU", "Activations = new[] { Activation.ReLU, Activation.Tanh, Activation.Softmax }; remove Hidden: Activations replaces it")]
    [InlineData("Output = Unrolled.Activation.Softmax", "Activations = new[] { Activation.ReLU, Activation.Tanh, Activation.Softmax }; remove Output: Activations replaces it")]
    [InlineData("Hidden = Unrolled.Activation.Tanh, Output = Unrolled.Activation.Softmax",
        "Activations = new[] { Activation.ReLU, Activation.Tanh, Activation.Softmax }; remove Hidden and Output: Activations replaces them")]
    [InlineData("Activations = new[] { Unrolled.Activation.Tanh, Unrolled.Activation.ReLU, Unrolled.Activation.Softmax }",
        "Activations = new[] { Activation.ReLU, Activation.Tanh, Activation.Softmax }")]
    public void A_file_whose_layers_differ_in_activation_is_advised_as_an_Activations_list_without_Hidden_or_Output(string declared, string advice) =>
        AssertUnr021(PerLayer, "4-16-8-3 (ReLU, Tanh, Softmax, Double)", declared, Declared(declared), advice);

    [Theory]
    [InlineData("Activations = new[] { Unrolled.Activation.Tanh, Unrolled.Activation.Tanh, Unrolled.Activation.Softmax }", "4-16-8-3 (Tanh hidden, Softmax output, Double)",
        "Activations = new[] { Activation.ReLU, Activation.ReLU, Activation.Softmax }")]
    [InlineData("Hidden = Unrolled.Activation.Tanh, Output = Unrolled.Activation.Softmax", "4-16-8-3 (Tanh hidden, Softmax output, Double)", "Hidden = Activation.ReLU")]
    public void A_file_of_one_hidden_activation_is_advised_in_the_form_the_attribute_writes(string declared, string described, string advice) =>
        AssertUnr021(Shared, "4-16-8-3 (ReLU hidden, Softmax output, Double)", declared, described, advice);

    // Saves a 4-16-8-3 network with savedActivations, freezes it under an attribute with declared, and checks
    // UNR021's whole message, at the Weights argument.
    private static void AssertUnr021(string savedActivations, string savedDescribed, string declared, string declaredDescribed, string advice)
    {
        INetwork saved = NetworkAssembly.Build(
            $"[Unrolled.Network(4, 16, 8, 3, {savedActivations}, Loss = Unrolled.Loss.CrossEntropy)] public partial class Saved;").Create("Saved");
        saved.Randomize(3);
        Markup markup = Markup.Parse($"[Unrolled.Network(4, 16, 8, 3, {declared}, Weights = [|\"net.unrolled\"|])] public partial class Frozen;");
        GeneratorRun run = GeneratorHarness.Run([new InMemoryAdditionalText("/project/net.unrolled", SavedNetworks.Text(saved))], markup.Source);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("UNR021", diagnostic.Id);
        Assert.Empty(run.Sources);
        Assert.Equal(markup.Spans.Single(), diagnostic.Location.SourceSpan);
        Assert.Equal(
            $"The frozen network 'Frozen' cannot use the weights in '/project/net.unrolled': it holds a {savedDescribed} network, " +
            $"but the attribute declares a {declaredDescribed} network; declare it as the network that was saved: {advice}",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    // How the message describes the attribute of the first theory: Hidden and Output default to Sigmoid.
    private static string Declared(string declared) => declared switch
    {
        "Hidden = Unrolled.Activation.ReLU" => "4-16-8-3 (ReLU hidden, Sigmoid output, Double)",
        "Output = Unrolled.Activation.Softmax" => "4-16-8-3 (Sigmoid hidden, Softmax output, Double)",
        "Hidden = Unrolled.Activation.Tanh, Output = Unrolled.Activation.Softmax" => "4-16-8-3 (Tanh hidden, Softmax output, Double)",
        _ => "4-16-8-3 (Tanh, ReLU, Softmax, Double)",
    };
}
