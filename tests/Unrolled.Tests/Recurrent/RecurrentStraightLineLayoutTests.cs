using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Recurrent;

/// <summary>
/// Which recurrent networks are written straight-line: those within NetworkLimits.LayoutFor (256 parameters with
/// SGD, 128 with an optimizer that keeps state) get Step and each cell's time steps with no loop in them; larger
/// ones keep the blocked cells. So the layout choice cannot silently regress.
/// </summary>
public sealed class RecurrentStraightLineLayoutTests
{
    [Theory]
    [InlineData("GRU", "1, 4, 1", "Sgd")]
    [InlineData("LSTM", "1, 4, 1", "Adam")]
    [InlineData("GRU", "3, 2, 2, 1", "Momentum")]
    [InlineData("LSTM", "3, 2, 2, 1", "Sgd")]
    [InlineData("GRU", "1, 6, 1", "Sgd")] // 169 parameters: straight-line with SGD
    public void A_network_within_the_limit_steps_and_trains_with_no_loop_in_its_time_step(string cell, string layers, string optimizer)
    {
        (string lesson, string machinery) = Generate(cell, layers, optimizer);
        int cells = layers.Split(',').Length - 2;
        Assert.DoesNotContain("for (", Body(lesson, "public void Step("), StringComparison.Ordinal);
        Assert.DoesNotContain("for (", Body(machinery, "private void Output("), StringComparison.Ordinal);
        for (int layer = 1; layer <= cells; layer++)
        {
            Assert.DoesNotContain("for (", Body(lesson, $"private void Cell{layer}Forward("), StringComparison.Ordinal);
            Assert.DoesNotContain("for (", Body(lesson, $"private void Cell{layer}Backward("), StringComparison.Ordinal);
            Assert.DoesNotContain("for (", Body(machinery, $"private void Cell{layer}Gradients("), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("for (", Body(machinery, "private double OutputLoss("), StringComparison.Ordinal);
        Assert.DoesNotContain("for (", Body(machinery, "private void OutputGradients("), StringComparison.Ordinal);
        Assert.DoesNotContain($"Step{(cell == "GRU" ? "Gru" : "Lstm")}(", lesson + machinery, StringComparison.Ordinal);
        Assert.DoesNotContain("GateSums(", lesson + machinery, StringComparison.Ordinal);
        Assert.DoesNotContain("_columns", lesson + machinery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GRU", "1, 8, 1", "Sgd")] // 273 parameters
    [InlineData("LSTM", "1, 7, 1", "Sgd")] // 288
    [InlineData("GRU", "1, 6, 1", "Adam")] // 169: over Adam's 128
    [InlineData("LSTM", "2, 8, 8, 1", "Adam")]
    public void A_network_above_the_limit_keeps_the_blocked_cells(string cell, string layers, string optimizer)
    {
        (string lesson, string machinery) = Generate(cell, layers, optimizer);
        string kernel = $"Step{(cell == "GRU" ? "Gru" : "Lstm")}(";
        Assert.Contains(kernel, Body(lesson, "public void Step("), StringComparison.Ordinal);
        Assert.Contains("private static void GateSums(", machinery, StringComparison.Ordinal);
        Assert.DoesNotContain("Cell1Gradients(", lesson + machinery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1, 4, 1", true)]
    [InlineData("1, 8, 1", false)] // 273 parameters
    public void A_frozen_network_takes_the_layout_of_its_size_with_SGD(string layers, bool straightLine)
    {
        var trained = (IRecurrentNetwork)NetworkAssembly.Build(RecurrentStraightLineTests.Source("GRU", layers, "Sgd", string.Empty)).CreateObject("Demo.Net");
        trained.Randomize(7);
        string text = SavedNetworks.Text(path => NetworkFile.SaveAsText(trained, path));
        GeneratorRun run = GeneratorHarness.Run([new InMemoryAdditionalText("/project/gru.unrolled", text)], $$"""
            using Unrolled;
            namespace Demo;
            [Network({{layers}}, Cell = Cell.GRU, Weights = "gru.unrolled")]
            public partial class Frozen;
            """);
        string lesson = run.SourceText("Demo.Frozen.g.cs");
        string machinery = run.SourceText(Unrolled.Generator.Emit.NetworkEmitter.MachineryHintName("Demo.Frozen.g.cs"));
        if (straightLine)
        {
            Assert.DoesNotContain("for (", Body(lesson, "public void Step("), StringComparison.Ordinal);
            Assert.DoesNotContain("for (", Body(lesson, "private void Cell1Forward("), StringComparison.Ordinal);
            Assert.DoesNotContain("_columns", lesson + machinery, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("StepGru(", Body(lesson, "public void Step("), StringComparison.Ordinal);
        }
    }

    private static (string Lesson, string Machinery) Generate(string cell, string layers, string optimizer)
    {
        GeneratorRun run = GeneratorHarness.Run(RecurrentStraightLineTests.Source(cell, layers, optimizer, string.Empty));
        return (run.SourceText("Demo.Net.g.cs"), run.SourceText(Unrolled.Generator.Emit.NetworkEmitter.MachineryHintName("Demo.Net.g.cs")));
    }

    // From the member's declaration to the brace that closes it, at the members' indentation.
    private static string Body(string source, string declaration)
    {
        int start = source.IndexOf(declaration, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {declaration}");
        int end = source.IndexOf("\n        }\n", start, StringComparison.Ordinal);
        return source.Substring(start, end - start);
    }
}
