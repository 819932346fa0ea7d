using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The lesson file is the part of a straight-line network a learner reads: short, free of SIMD
/// machinery, and no line wider than an editor shows. Everything else is in the machinery file.
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

    // 215: the update computes its new values before the guard that checks them (issue 20), one line each.
    [Fact]
    public void The_XorNet_lesson_is_under_215_lines()
    {
        string lesson = Lesson("[Network(2, 4, 1)] public partial class Net;");
        Assert.True(lesson.Split('\n').Length - 1 < 215, $"{lesson.Split('\n').Length - 1} lines");
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

    private static string Lesson(string declaration) =>
        GeneratorHarness.Run("using Unrolled;\nnamespace Demo;\n" + declaration).SourceText("Demo.Net.g.cs");
}
