using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Generator;

/// <summary>
/// Every generated line, in the lesson and in the machinery, fits in 120 characters at every size and in
/// every layout, and a comment is never cut inside a formula: a line does not end on an operator or inside
/// a parenthesis that holds one, and the next does not begin with an operator.
/// </summary>
public sealed class LineWidthTests
{
    private const int MaxWidth = 120;

    public static TheoryData<string> TrainableNetworks =>
    [
        "[Network(2, 4, 1)] public partial class Net;",
        "[Network(2, 4, 1, Precision = Precision.Single)] public partial class Net;",
        "[Network(6, 6, 4, 3, Hidden = Activation.LeakyReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] public partial struct Net;",
        "[Network(6, 6, 4, 3, Hidden = Activation.GELU, Output = Activation.SiLU, Optimizer = Optimizer.Rprop, Precision = Precision.Single)] public partial class Net;",
        "[Network(5, 7, 3, Activations = new[] { Activation.SiLU, Activation.Softmax }, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Momentum, Momentum = 0.5)] public partial class Net;",
        "[Network(16, 12, 10, 3)] public partial class Net;",
        "[Network(16, 12, 10, 3, Hidden = Activation.GELU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, Precision = Precision.Single)] public partial class Net;",
        "[Network(17, 15, 13, 3, Activations = new[] { Activation.ReLU, Activation.SiLU, Activation.Tanh }, Optimizer = Optimizer.Rprop)] public partial class Net;",
        "[Network(784, 128, 10)] public partial class Net;",
        "[Network(3, 64, 32, 10, Cell = Cell.LSTM, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] public partial class Net;",
        "[Network(1, 16, 1, Cell = Cell.GRU, Output = Activation.Linear, Optimizer = Optimizer.Rprop, Precision = Precision.Single)] public partial class Net;",
        "[Network(784, 128, 10, Hidden = Activation.ReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, Precision = Precision.Single)] public partial class Net;",
    ];

    [Theory]
    [MemberData(nameof(TrainableNetworks))]
    public void Every_line_of_a_generated_network_fits_and_no_comment_is_cut_inside_a_formula(string declaration)
    {
        GeneratorRun run = GeneratorHarness.Run("using Unrolled;\nnamespace Demo;\n" + declaration);
        Assert.Empty(run.CompilerDiagnostics);
        AssertReadable(run);
    }

    [Fact]
    public void Every_line_of_a_frozen_straight_line_network_fits_its_constant_rows_too()
    {
        var trained = new XorNetwork();
        trained.Randomize(7);
        AssertReadable(Frozen("[Network(2, 4, 1, Weights = \"net.unrolled\")] public partial class Net;", SavedNetworks.Text(trained)));
    }

    [Fact]
    public void Every_line_of_a_frozen_float_network_fits()
    {
        var trained = new SingleXorNetwork();
        trained.Randomize(7);
        string text = SavedNetworks.Text(path => NetworkFile.SaveAsText(trained, path));
        AssertReadable(Frozen("[Network(2, 4, 1, Precision = Precision.Single, Weights = \"net.unrolled\")] public partial class Net;", text));
    }

    [Fact]
    public void Every_line_of_a_frozen_blocked_network_fits()
    {
        INetwork trained = OptionNetworks.Create(6, 2); // 17-15-13-3: ReLU, softmax, cross-entropy, Adam
        trained.Randomize(8);
        AssertReadable(Frozen(
            "[Network(17, 15, 13, 3, Hidden = Activation.ReLU, Output = Activation.Softmax, Weights = \"net.unrolled\")] public partial class Net;",
            SavedNetworks.Text(trained)));
    }

    [Fact]
    public void Every_line_of_every_snapshot_fits_and_no_comment_is_cut_inside_a_formula()
    {
        string[] files = Directory.GetFiles(Snapshot.Directory, "*.verified.cs");
        Assert.Equal(12, files.Length);
        foreach (string file in files)
        {
            AssertReadable(Path.GetFileName(file), File.ReadAllText(file));
        }
    }

    [Theory]
    [InlineData("// a1_j = sigmoid(z1_j) = 1 / (1 +", "exp(-z1_j)).")]
    [InlineData("// delta d3_k = dE/dz3_k = (o_k - t_k) *", "o_k * (1 - o_k).")]
    [InlineData("// the weights W{l}[j, i] row-major (j = neuron of the layer, i =", "neuron of the layer before).")]
    [InlineData("// z2_j = sum_i W2[j, i] * a1_i", "+ b2[j].")]
    public void The_check_itself_catches_a_comment_cut_inside_a_formula(string first, string second)
    {
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertReadable("example", $"        {first}\n        // {second}\n"));
    }

    private static GeneratorRun Frozen(string declaration, string savedText)
    {
        GeneratorRun run = GeneratorHarness.Run(
            [new InMemoryAdditionalText("/project/net.unrolled", savedText)], "using Unrolled;\nnamespace Demo;\n" + declaration);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        return run;
    }

    private static void AssertReadable(GeneratorRun run)
    {
        Assert.Equal(2, run.Sources.Length);
        foreach (var source in run.Sources)
        {
            AssertReadable(source.HintName, source.SourceText.ToString());
        }
    }

    private static void AssertReadable(string name, string text)
    {
        string[] lines = text.Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n];
            Assert.True(line.Length <= MaxWidth, $"{name}:{n + 1} has {line.Length} characters: {line}");
            Assert.False(line.EndsWith(' '), $"{name}:{n + 1} ends in a space: {line}");
            if (Comment(line) is string comment && n + 1 < lines.Length && Comment(lines[n + 1]) is string next && next.Length > 0)
            {
                Assert.False(EndsInsideFormula(comment), $"{name}:{n + 1} ends inside a formula: {line}");
                Assert.False(IsOperator(next.Split(' ')[0]), $"{name}:{n + 2} begins inside a formula: {lines[n + 1]}");
            }
        }
    }

    // The text of a // or /// comment line, or null for code and for code quoted in a comment (indented
    // further, like the header's attribute, which is wrapped as code).
    private static string? Comment(string line)
    {
        string trimmed = line.TrimStart();
        string? text = trimmed.StartsWith("///", StringComparison.Ordinal) ? trimmed[3..]
            : trimmed.StartsWith("//", StringComparison.Ordinal) ? trimmed[2..]
            : null;
        return text is null || text.StartsWith("   ", StringComparison.Ordinal) ? null : text.Trim();
    }

    // A comment ends inside a formula when its last word is an operator or an opening bracket, or when a
    // parenthesis it leaves open holds an operator ("(j = neuron of the layer, i =").
    private static bool EndsInsideFormula(string comment)
    {
        if (comment.Length == 0 || comment.EndsWith("-->", StringComparison.Ordinal))
        {
            return false;
        }

        string last = comment.Split(' ')[^1];
        if (IsOperator(last) || last.EndsWith('(') || last.EndsWith('['))
        {
            return true;
        }

        int open = -1, depth = 0;
        for (int i = 0; i < comment.Length; i++)
        {
            if (comment[i] == '(')
            {
                open = depth == 0 ? i : open;
                depth++;
            }
            else if (comment[i] == ')' && depth > 0)
            {
                depth--;
            }
        }

        return depth > 0 && comment[open..].IndexOfAny(['=', '+', '*', '/', '^']) >= 0;
    }

    private static bool IsOperator(string word) =>
        word.Length > 0 && word.All(c => "=+-*/^<>".Contains(c, StringComparison.Ordinal)) && word != "->" && word != "<-";
}
