using System.Globalization;
using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The header of every generated file states the formulas its body computes. For every activation,
/// output, loss, optimizer and precision, the header must show the configured formulas and no
/// other, and the body must compute those very formulas: when either drifts, they disagree here.
/// </summary>
public sealed class HeaderTests
{
    private static readonly Activation[] s_activations =
        [Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU, Activation.Linear];

    // Cross-entropy needs probabilities out (a logistic sigmoid or a softmax); softmax needs cross-entropy.
    private static readonly (Activation Output, Loss Loss)[] s_outputs =
    [
        .. s_activations.Select(a => (a, Loss.SquaredError)),
        (Activation.Sigmoid, Loss.CrossEntropy),
        (Activation.Softmax, Loss.CrossEntropy),
    ];

    public static TheoryData<int> Cases => [.. Enumerable.Range(0, All.Count)];

    private static readonly IReadOnlyList<Case> All =
    [
        .. from hidden in s_activations
           from output in s_outputs
           from optimizer in new[] { Optimizer.Sgd, Optimizer.Momentum, Optimizer.Adam }
           from precision in new[] { Precision.Double, Precision.Single }
           select new Case(hidden, output.Output, output.Loss, optimizer, precision),
    ];

    private static readonly Lazy<GeneratorRun> s_run = new(() => GeneratorHarness.Run(
        "using Unrolled;\nnamespace Headers;\n" + string.Concat(All.Select((c, i) => $"[{c.Attribute}] public partial class N{i};\n"))));

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_header_states_what_the_body_computes(int index)
    {
        Case c = All[index];
        (string header, string body) = Split(s_run.Value.SourceText($"Headers.N{index}.g.cs"));
        Number n = c.Precision == Precision.Single ? Number.Single : Number.Double;

        Assert.Equal($"[{c.Attribute}]", AttributeIn(header));
        Assert.Contains($"Topology 2-3-2, {n.Name} precision", header, StringComparison.Ordinal);

        // Forward pass: the configured activations, in the header and in the code of neuron 0.
        if (c.Hidden == c.Output)
        {
            Assert.Contains("//     a{l}_j = " + HeaderFormula(c.Hidden, "z{l}_j"), header, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("hidden layers:  a{l}_j = " + HeaderFormula(c.Hidden, "z{l}_j"), header, StringComparison.Ordinal);
            Assert.Contains("output layer:   o_k = " + HeaderFormula(c.Output, "z2_k"), header, StringComparison.Ordinal);
        }

        foreach (Activation other in Enum.GetValues<Activation>().Where(a => a != c.Hidden && a != c.Output && a != Activation.Linear))
        {
            Assert.DoesNotContain(" " + Name(other) + "(", header, StringComparison.Ordinal);
        }

        Assert.Contains($"{n.Name} a1_0 = {ActivationCode(c.Hidden, n, "z1_0")};", body, StringComparison.Ordinal);
        Assert.Contains($"{n.Name} o0 = {(c.Output == Activation.Softmax ? "s2_0 / sum2" : ActivationCode(c.Output, n, "z2_0"))};", body, StringComparison.Ordinal);

        // The loss.
        (string loss, string lossCode) = (c.Loss, c.Output) switch
        {
            (Loss.SquaredError, _) => ("E = 0.5 * sum_k (o_k - t_k)^2", $"{n.Name} loss = {n.Half} * (e0 * e0 + e1 * e1);"),
            (_, Activation.Softmax) => ("E = -sum_k t_k ln o_k", $"{n.Name} loss = t0 * (m2 + logSum2 - z2_0) + t1 * (m2 + logSum2 - z2_1);"),
            _ => ("E = -sum_k (t_k ln o_k + (1 - t_k) ln(1 - o_k))", $"{n.Math}.Log({n.One} + {n.Math}.Exp(-{n.Math}.Abs(z2_0)))"),
        };
        Assert.Contains("//     " + loss + "\n", header, StringComparison.Ordinal);
        Assert.Contains(lossCode, body, StringComparison.Ordinal);

        // The output delta, and the derivative each hidden delta multiplies by.
        (string outputDelta, string outputDeltaCode) = (c.Loss, c.Output) switch
        {
            (Loss.CrossEntropy, Activation.Softmax) => ("o_k * (sum_j t_j) - t_k", "o0 * targetSum - t0"),
            (Loss.CrossEntropy, _) or (_, Activation.Linear) => ("o_k - t_k", "e0"),
            _ => ("(o_k - t_k) * " + DerivativeFormula(c.Output, "o_k"), "e0 * " + DerivativeCode(c.Output, n, "o0")),
        };
        Assert.Contains($"output layer:  d2_k = {outputDelta}\n", header, StringComparison.Ordinal);
        Assert.Contains($"{n.Name} d2_0 = {outputDeltaCode};", body, StringComparison.Ordinal);

        string hiddenDelta = "(sum_k W{l+1}[k, j] * d{l+1}_k)" + (c.Hidden == Activation.Linear ? "\n" : " * " + DerivativeFormula(c.Hidden, "a{l}_j") + "\n");
        Assert.Contains("hidden layer:  d{l}_j = " + hiddenDelta, header, StringComparison.Ordinal);
        string hiddenDeltaLine = body.Split('\n').First(line => line.TrimStart().StartsWith($"{n.Name} d1_0 = ", StringComparison.Ordinal));
        if (c.Hidden == Activation.Linear)
        {
            Assert.DoesNotContain("a1_0", hiddenDeltaLine, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(DerivativeCode(c.Hidden, n, "a1_0"), hiddenDeltaLine, StringComparison.Ordinal);
        }

        // The update, with the hyper-parameters the constants hold.
        switch (c.Optimizer)
        {
            case Optimizer.Momentum:
                Assert.Contains($"update:        momentum (Momentum = {n.Literal(0.5)})", header, StringComparison.Ordinal);
                Assert.Contains("v = Momentum * v + g\n", header, StringComparison.Ordinal);
                Assert.Contains($"private const {n.Name} Momentum = {n.Literal(0.5)};", body, StringComparison.Ordinal);
                break;
            case Optimizer.Adam:
                Assert.Contains($"update:        Adam (Beta1 = {n.Literal(0.8)}, Beta2 = {n.Literal(0.99)}, Epsilon = {n.Literal(1e-6)})", header, StringComparison.Ordinal);
                Assert.Contains("w -= stepSize * m / (sqrt(v * secondMomentScale) + Epsilon)\n", header, StringComparison.Ordinal);
                Assert.Contains($"private const {n.Name} Beta1 = {n.Literal(0.8)};", body, StringComparison.Ordinal);
                Assert.Contains($"private const {n.Name} Epsilon = {n.Literal(1e-6)};", body, StringComparison.Ordinal);
                break;
            default:
                Assert.Contains("w -= learningRate * g\n", header, StringComparison.Ordinal);
                Assert.DoesNotContain("Momentum", body, StringComparison.Ordinal);
                Assert.DoesNotContain("Beta1", body, StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public void A_frozen_network_header_says_where_its_weights_came_from_and_shows_only_the_forward_pass()
    {
        GeneratorRun run = GeneratorHarness.Run(
            [new InMemoryAdditionalText("/project/xor.unrolled", SavedNetworks.Text(new XorNetwork()))],
            "namespace Demo;\n[Unrolled.Network(2, 4, 1, Weights = \"xor.unrolled\")] public partial class Frozen;");
        (string header, _) = Split(run.SourceText("Demo.Frozen.g.cs"));

        Assert.Contains("//     [Unrolled.Network(2, 4, 1, Weights = \"xor.unrolled\")]", header, StringComparison.Ordinal);
        Assert.Contains("Frozen: the 17 parameters were read from \"xor.unrolled\"", header, StringComparison.Ordinal);
        Assert.Contains("a{l}_j = sigmoid(z{l}_j)", header, StringComparison.Ordinal);
        Assert.Contains("is the constant _w{l}_{j}_{i}", header, StringComparison.Ordinal);
        foreach (string training in new[] { "Loss", "Backpropagation", "learningRate", "SetParameters", "TrainBatch", "is the field" })
        {
            Assert.DoesNotContain(training, header, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_long_attribute_wraps_after_a_comma_and_no_header_line_exceeds_120_characters()
    {
        const string Attribute = "Network(2, 3, 2, Hidden = Activation.LeakyReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, " +
            "Optimizer = Optimizer.Adam, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1E-06, Precision = Precision.Single)";
        GeneratorRun run = GeneratorHarness.Run($"using Unrolled;\nnamespace Demo;\n[{Attribute}]\npublic partial class Wide;");
        (string header, _) = Split(run.SourceText("Demo.Wide.g.cs"));

        Assert.All(header.Split('\n'), line => Assert.True(line.Length <= 120, line));
        Assert.Equal("[" + Attribute + "]", AttributeIn(header));
    }

    // The attribute's lines, joined again: the first is indented by four, continuations by eight.
    private static string AttributeIn(string header)
    {
        string[] lines = header.Split('\n');
        int first = Array.FindIndex(lines, line => line.StartsWith("//     [", StringComparison.Ordinal));
        string joined = lines[first]["//     ".Length..];
        for (int i = first + 1; lines[i].StartsWith("//         ", StringComparison.Ordinal); i++)
        {
            joined += " " + lines[i]["//         ".Length..];
        }

        return joined;
    }

    private static (string Header, string Body) Split(string source)
    {
        int end = source.IndexOf("\n\n#nullable enable", StringComparison.Ordinal);
        return (source[..(end + 1)], source[end..]);
    }

    private static string Name(Activation activation) => activation switch
    {
        Activation.ReLU => "relu",
        Activation.LeakyReLU => "leaky_relu",
        _ => activation.ToString().ToLowerInvariant(),
    };

    private static string HeaderFormula(Activation activation, string z) => activation switch
    {
        Activation.Sigmoid => $"sigmoid({z}) = 1 / (1 + exp(-{z}))",
        Activation.Tanh => $"tanh({z})",
        Activation.ReLU => $"relu({z}) = max(0, {z})",
        Activation.LeakyReLU => $"leaky_relu({z}) = {z} > 0 ? {z} : {z} / 128",
        Activation.Softmax => $"softmax({z})",
        _ => z + "\n",
    };

    private static string DerivativeFormula(Activation activation, string a) => activation switch
    {
        Activation.Sigmoid => $"{a} * (1 - {a})",
        Activation.Tanh => $"(1 - {a}^2)",
        Activation.ReLU => $"({a} > 0 ? 1 : 0)",
        _ => $"({a} > 0 ? 1 : 1/128)",
    };

    private static string ActivationCode(Activation activation, Number n, string z) => activation switch
    {
        Activation.Sigmoid => $"{n.One} / ({n.One} + {n.Math}.Exp(-{z}))",
        Activation.Tanh => $"{n.Math}.Tanh({z})",
        Activation.ReLU => $"{n.Math}.Max({z}, {n.Zero})",
        Activation.LeakyReLU => $"{z} > {n.Zero} ? {z} : {z} * {n.Slope}",
        _ => z,
    };

    private static string DerivativeCode(Activation activation, Number n, string a) => activation switch
    {
        Activation.Sigmoid => $"({a} * ({n.One} - {a}))",
        Activation.Tanh => $"({n.One} - {a} * {a})",
        Activation.ReLU => $"({a} > {n.Zero} ? {n.One} : {n.Zero})",
        _ => $"({a} > {n.Zero} ? {n.One} : {n.Slope})",
    };

    private sealed record Case(Activation Hidden, Activation Output, Loss Loss, Optimizer Optimizer, Precision Precision)
    {
        public string Attribute =>
            $"Network(2, 3, 2, Hidden = Activation.{Hidden}, Output = Activation.{Output}, Loss = Loss.{Loss}, Optimizer = Optimizer.{Optimizer}" +
            (Optimizer == Optimizer.Momentum ? ", Momentum = 0.5" : string.Empty) +
            (Optimizer == Optimizer.Adam ? ", Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1E-06" : string.Empty) +
            $", Precision = Precision.{Precision})";
    }

    private sealed record Number(string Name, string Math, string One, string Zero, string Half, string Slope, string Suffix)
    {
        public static Number Double { get; } = new("double", "global::System.Math", "1.0", "0.0", "0.5", "0.0078125", string.Empty);

        public static Number Single { get; } = new("float", "global::System.MathF", "1.0f", "0.0f", "0.5f", "0.0078125f", "f");

        public string Literal(double value) => Suffix.Length > 0
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture) + Suffix
            : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
