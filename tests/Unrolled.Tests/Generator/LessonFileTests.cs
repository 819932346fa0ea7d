using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The lesson file is the part of a straight-line network a learner reads: short, free of SIMD
/// machinery, and no line wider than an editor shows. Everything else is in the machinery file.
/// A blocked lesson's forward pass is loops over spans too, its dot product in the machinery; a frozen
/// lesson (straight-line or blocked) is free of SIMD altogether.
/// </summary>
public sealed class LessonFileTests
{
    public static TheoryData<string> StraightLineNetworks =>
    [
        "[Network(2, 4, 1)] public partial class Net;",
        "[Network(2, 4, 1, Precision = Precision.Single)] public partial class Net;",
        "[Network(6, 6, 4, 3, Hidden = Activation.LeakyReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] public partial struct Net;",
        "[Network(12, 6, 2, Hidden = Activation.Tanh, Output = Activation.Linear, Optimizer = Optimizer.Momentum, Momentum = 0.5)] public partial class Net;",
        "[Network(1, 8, 8, 1, Hidden = Activation.ReLU)] public partial class Net;",
    ];

    // 215: the update computes its new values before the guard that checks them (issue 20), one line each;
    // 220: Predict and Train ask to be compiled optimised at their first call (issue 23), two more lines each.
    [Fact]
    public void The_XorNet_lesson_is_under_220_lines()
    {
        string lesson = Lesson("[Network(2, 4, 1)] public partial class Net;");
        Assert.True(lesson.Split('\n').Length - 1 < 220, $"{lesson.Split('\n').Length - 1} lines");
    }

    [Theory]
    [MemberData(nameof(StraightLineNetworks))]
    public void No_lesson_line_is_wider_than_120_characters_and_none_uses_SIMD(string declaration)
    {
        string lesson = Lesson(declaration);
        Assert.All(lesson.Split('\n'), line => Assert.True(line.Length <= 120, $"{line.Length} characters: {line}"));
        Assert.DoesNotContain("System.Runtime.Intrinsics", lesson, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Numerics", lesson, StringComparison.Ordinal);
        Assert.DoesNotContain("Vector", lesson, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StraightLineNetworks))]
    public void The_lesson_teaches_and_the_machinery_holds_the_rest(string declaration)
    {
        GeneratorRun run = GeneratorHarness.Run("using Unrolled;\nnamespace Demo;\n" + declaration);
        string lesson = run.SourceText("Demo.Net.g.cs");
        string machinery = run.SourceText("Demo.Net-Machinery.g.cs");
        foreach (string member in new[] { "void Predict(", " Train(", "void Randomize(" })
        {
            Assert.Contains(member, lesson, StringComparison.Ordinal);
            Assert.DoesNotContain(member, machinery, StringComparison.Ordinal);
        }

        foreach (string member in new[] { "void PredictBatch(", " TrainBatch(", "void CopyParametersTo(", "void SetParameters(", "void Save(", "void Load(", "void ExportOnnx(", "void ImportOnnx(" })
        {
            Assert.Contains(member, machinery, StringComparison.Ordinal);
            Assert.DoesNotContain(member, lesson, StringComparison.Ordinal);
        }

        Assert.Empty(run.CompilerDiagnostics);
    }

    public static TheoryData<string> BlockedNetworks =>
    [
        "[Network(16, 12, 10, 3)] public partial class Net;",
        "[Network(16, 12, 10, 3, Hidden = Activation.GELU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, Precision = Precision.Single)] public partial class Net;",
        "[Network(784, 128, 10)] public partial class Net;",
    ];

    [Theory]
    [MemberData(nameof(BlockedNetworks))]
    public void A_blocked_lessons_forward_pass_is_loops_over_spans_and_its_dot_product_is_in_the_machinery(string declaration)
    {
        GeneratorRun run = GeneratorHarness.Run("using Unrolled;\nnamespace Demo;\n" + declaration);
        Assert.Empty(run.CompilerDiagnostics);
        string lesson = run.SourceText("Demo.Net.g.cs");
        string machinery = run.SourceText("Demo.Net-Machinery.g.cs");
        Assert.All(lesson.Split('\n'), line => Assert.True(line.Length <= 120, $"{line.Length} characters: {line}"));

        string forwardPass = Method(lesson, "void ForwardPass(");
        Assert.Contains("DotProduct(parameters.Slice(", forwardPass, StringComparison.Ordinal);
        Assert.DoesNotContain("Vector", forwardPass, StringComparison.Ordinal);
        Assert.DoesNotContain("Unsafe", forwardPass, StringComparison.Ordinal);
        Assert.Contains(" DotProduct(", machinery, StringComparison.Ordinal);
        Assert.DoesNotContain("static double DotProduct(", lesson, StringComparison.Ordinal);
        Assert.DoesNotContain("static float DotProduct(", lesson, StringComparison.Ordinal);

        foreach (string member in new[] { "void Predict(", " Train(", "void Randomize(" })
        {
            Assert.Contains(member, lesson, StringComparison.Ordinal);
            Assert.DoesNotContain(member, machinery, StringComparison.Ordinal);
        }

        foreach (string member in new[] { "void PredictBatch(", " TrainBatch(", "void CopyParametersTo(", "void SetParameters(", "void Save(", "void ExportOnnx(" })
        {
            Assert.Contains(member, machinery, StringComparison.Ordinal);
            Assert.DoesNotContain(member, lesson, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> TrainedBlockedNetworks =>
    [
        "[Network(16, 12, 10, 3)] public partial class Net;",
        "[Network(16, 12, 10, 3, Precision = Precision.Single)] public partial class Net;",
        "[Network(784, 128, 10, Optimizer = Optimizer.Adam)] public partial class Net;",
        "[Network(784, 128, 10, Optimizer = Optimizer.Momentum, Precision = Precision.Single)] public partial class Net;",
        "[Network(784, 128, 10, Optimizer = Optimizer.Rprop)] public partial class Net;",
        "[Network(20, 17, 9, 4, Hidden = Activation.GELU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] public partial class Net;",
        "[Network(20, 17, 9, 4, Hidden = Activation.SiLU, Optimizer = Optimizer.Rprop, Precision = Precision.Single)] public partial class Net;",
        "[Network(30, 12, 11, 10, 3, Activations = new[] { Activation.Tanh, Activation.ReLU, Activation.LeakyReLU, Activation.Linear }, Optimizer = Optimizer.Momentum)] public partial class Net;",
    ];

    // The vector work of every pass (dot products, the weighted sums and derivatives of the backward pass, the
    // rows and biases of the step) is the machinery's: the lesson is loops over spans that call it, with the formulas in comments.
    [Theory]
    [MemberData(nameof(TrainedBlockedNetworks))]
    public void A_blocked_lesson_holds_no_unsafe_or_vector_code(string declaration)
    {
        GeneratorRun run = GeneratorHarness.Run("using Unrolled;\nnamespace Demo;\n" + declaration);
        Assert.Empty(run.CompilerDiagnostics);
        string lesson = run.SourceText("Demo.Net.g.cs");
        Assert.All(lesson.Split('\n'), line => Assert.True(line.Length <= 120, $"{line.Length} characters: {line}"));
        foreach (string machinery in new[] { "Unsafe.", "Vector.LoadUnsafe", "MemoryMarshal", "System.Numerics.Vector" })
        {
            Assert.DoesNotContain(machinery, lesson, StringComparison.Ordinal);
        }

        Assert.Contains("BackpropagatedSums(parameters.Slice(", Method(lesson, "BackwardPass(global::"), StringComparison.Ordinal);
        string step = Method(lesson, "StepAlongGradient(global::");
        Assert.Contains("difference += StepRows(", step, StringComparison.Ordinal);
        Assert.Contains("difference += StepBiases(", step, StringComparison.Ordinal);
    }

    // Where the compilation has no ref access and no vector exp (Unity), the machinery indexes spans and SiLU's
    // derivative is a loop in the lesson; the lesson reads the same.
    [Theory]
    [InlineData("[Network(16, 12, 10, 3, Optimizer = Optimizer.Rprop)] public partial class Net { }")]
    [InlineData("[Network(20, 17, 9, 4, Hidden = Activation.SiLU, Optimizer = Optimizer.Adam, Precision = Precision.Single)] public partial class Net { }")]
    public void A_blocked_lesson_for_Unity_holds_no_unsafe_or_vector_code(string declaration)
    {
        GeneratorRun run = NetStandard21.Run("using Unrolled;\nnamespace Demo\n{\n" + declaration + "\n}\n");
        Assert.Empty(run.CompilerDiagnostics);
        string lesson = run.SourceText("Demo.Net.g.cs");
        Assert.All(lesson.Split('\n'), line => Assert.True(line.Length <= 120, $"{line.Length} characters: {line}"));
        foreach (string machinery in new[] { "Unsafe.", "Vector.LoadUnsafe", "MemoryMarshal", "System.Numerics.Vector" })
        {
            Assert.DoesNotContain(machinery, lesson, StringComparison.Ordinal);
        }

        Assert.Contains("difference += StepRows(", Method(lesson, "StepAlongGradient(global::"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_frozen_straight_line_lesson_uses_no_SIMD_and_fits_in_120_characters()
    {
        var trained = new XorNetwork();
        trained.Randomize(7);
        AssertFrozenLesson("[Network(2, 4, 1, Weights = \"net.unrolled\")] public partial class Net;", SavedNetworks.Text(trained));
    }

    [Fact]
    public void A_frozen_blocked_lesson_uses_no_SIMD_and_fits_in_120_characters()
    {
        INetwork trained = OptionNetworks.Create(6, 2); // 17-15-13-3: ReLU, softmax, cross-entropy, Adam
        trained.Randomize(8);
        AssertFrozenLesson(
            "[Network(17, 15, 13, 3, Hidden = Activation.ReLU, Output = Activation.Softmax, Weights = \"net.unrolled\")] public partial class Net;",
            SavedNetworks.Text(trained));
    }

    private static void AssertFrozenLesson(string declaration, string savedText)
    {
        GeneratorRun run = GeneratorHarness.Run(
            [new InMemoryAdditionalText("/project/net.unrolled", savedText)], "using Unrolled;\nnamespace Demo;\n" + declaration);
        Assert.Empty(run.CompilerDiagnostics);
        string lesson = run.SourceText("Demo.Net.g.cs");
        string machinery = run.SourceText("Demo.Net-Machinery.g.cs");
        Assert.All(lesson.Split('\n'), line => Assert.True(line.Length <= 120, $"{line.Length} characters: {line}"));
        Assert.DoesNotContain("System.Runtime.Intrinsics", lesson, StringComparison.Ordinal);
        Assert.DoesNotContain("Vector", lesson, StringComparison.Ordinal);
        Assert.DoesNotContain("Unsafe", lesson, StringComparison.Ordinal);
        Assert.Contains("void Predict(", lesson, StringComparison.Ordinal);
        Assert.Contains("void PredictBatch(", machinery, StringComparison.Ordinal);
        Assert.Contains("void ExportOnnx(", machinery, StringComparison.Ordinal);
        Assert.DoesNotContain("void PredictBatch(", lesson, StringComparison.Ordinal);
    }

    // The text of the method whose header contains signature, up to its closing brace at member indentation.
    private static string Method(string source, string signature)
    {
        int start = source.IndexOf(signature, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {signature}");
        int end = source.IndexOf("\n        }\n", start, StringComparison.Ordinal);
        return source[start..end];
    }

    private static string Lesson(string declaration) =>
        GeneratorHarness.Run("using Unrolled;\nnamespace Demo;\n" + declaration).SourceText("Demo.Net.g.cs");
}
