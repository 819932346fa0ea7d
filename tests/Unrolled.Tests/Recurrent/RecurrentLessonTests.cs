using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Recurrent;

/// <summary>
/// The lesson of a small GRU network reads like a worked example: the header states the cell's equations, the
/// forward step computes them in that order with a comment per gate, and the file stays short.
/// </summary>
public sealed class RecurrentLessonTests
{
    private static string Lesson(string cell) => GeneratorHarness.Run($$"""
        using Unrolled;
        namespace Demo;
        [Network(1, 4, 1, Cell = Cell.{{cell}})]
        public partial class Net;
        """).SourceText("Demo.Net.g.cs");

    [Fact]
    public void A_1_4_1_GRU_lesson_states_the_equations_then_computes_them_in_order_with_a_comment_per_gate()
    {
        string lesson = Lesson("GRU");
        string[] lines = lesson.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length < 250, $"{lines.Length} lines");
        Assert.All(lines, line => Assert.True(line.TrimEnd('\r').Length <= 120, line));

        string header = lesson.Substring(0, lesson.IndexOf("#nullable", StringComparison.Ordinal));
        Assert.Contains("r = sigmoid(W_ir x + b_ir + W_hr hPrev + b_hr)", header, StringComparison.Ordinal);
        Assert.Contains("z = sigmoid(W_iz x + b_iz + W_hz hPrev + b_hz)", header, StringComparison.Ordinal);
        Assert.Contains("n = tanh(W_in x + b_in + r * (W_hn hPrev + b_hn))", header, StringComparison.Ordinal);
        Assert.Contains("h = (1 - z) * n + z * hPrev", header, StringComparison.Ordinal);

        string forward = lesson.Substring(lesson.IndexOf("private void Cell1Forward(", StringComparison.Ordinal));
        int reset = forward.IndexOf("// Reset gate r = sigmoid(", StringComparison.Ordinal);
        int update = forward.IndexOf("// update gate z = sigmoid(", StringComparison.Ordinal);
        int candidate = forward.IndexOf("// Candidate n = tanh(", StringComparison.Ordinal);
        int state = forward.IndexOf("// New state h = (1 - z) * n + z * hPrev", StringComparison.Ordinal);
        Assert.True(reset > 0 && update > reset && candidate > update && state > candidate, forward);
    }

    [Fact]
    public void An_LSTM_lesson_comments_every_gate_in_order()
    {
        string lesson = Lesson("LSTM");
        string forward = lesson.Substring(lesson.IndexOf("private void Cell1Forward(", StringComparison.Ordinal));
        string[] gates = ["// Input gate i and forget gate f", "// Candidate g = tanh", "output gate o = sigmoid", "// New cell state c = f * cPrev + i * g", "// New state h = o * tanh(c)"];
        int[] at = [.. gates.Select(gate => forward.IndexOf(gate, StringComparison.Ordinal))];
        Assert.All(at, position => Assert.True(position > 0));
        Assert.Equal(at.Order(), at);
    }
}
