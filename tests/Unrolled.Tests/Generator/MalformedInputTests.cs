using Microsoft.CodeAnalysis;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// Code the compiler already rejects must not make the generator crash (CS8785 would hide every
/// generated member): it reports nothing of its own, or an UNR diagnostic, and never throws.
/// </summary>
public sealed class MalformedInputTests
{
    [Theory]
    [InlineData("static class C { public static int N = 2; } [Unrolled.Network(C.N, 1)] partial class Net;", "CS0182")]
    [InlineData("[Unrolled.Network(\"2\", 1)] partial class Net;", "CS1503")]
    [InlineData("[Unrolled.Network(2.5, 1)] partial class Net;", "CS1503")]
    [InlineData("[Unrolled.Network(2, 1)] partial interface INet { }", "CS0592")]
    [InlineData("[Unrolled.Network(2, 1)] enum Net { A }", "CS0592")]
    [InlineData("class C { [Unrolled.Network(2, 1)] void M() { } }", "CS0592")]
    [InlineData("[Unrolled.Network(2, 1)] [Unrolled.Network(3, 1)] partial class Net;", "CS0579")]
    [InlineData("[Unrolled.Network(2, 1)] partial class Net { } [Unrolled.Network(3, 1)] partial class Net { }", "CS0579")]
    [InlineData("[Unrolled.Network(2, 1 partial class Net;", "CS1026")]
    [InlineData("[Network(2, 1)] partial class Net;", "CS0246")]
    [InlineData("[Unrolled.Network(2, 1)] partial delegate void D();", "CS0267")]
    [InlineData("[Unrolled.Network(new object[] { 2, 1 })] partial class Net;", "CS1503")]
    // Found by GeneratorFuzzTests: a type or namespace whose name is missing got a file with an empty name in it.
    [InlineData("namespace Demo; [Unrolled.Network(2, 4, 1)] public partial class  class XorNet;", "CS1001")]
    [InlineData("namespace  namespace Demo; [Unrolled.Network(2, 4, 1)] public partial class XorNet;", "CS1001")]
    public void Compiler_errors_in_user_code_never_crash_the_generator(string source, string expectedCompilerError)
    {
        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.Null(run.Single.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CS8785" || d.Id.StartsWith("UNR", StringComparison.Ordinal));
        Assert.True(run.CompilerDiagnostics.Any(d => d.Id == expectedCompilerError),
            $"Expected {expectedCompilerError}, got {string.Join(", ", run.CompilerDiagnostics.Select(d => d.Id))}");
        // Nothing the generator added may itself fail to compile.
        Assert.DoesNotContain(run.CompilerDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void A_type_with_the_attribute_on_two_parts_gets_one_file()
    {
        GeneratorRun run = GeneratorHarness.Run("[Unrolled.Network(2, 1)] partial class Net { } [Unrolled.Network(2, 1)] partial class Net { }");
        Assert.Single(run.Lessons);
    }
}
