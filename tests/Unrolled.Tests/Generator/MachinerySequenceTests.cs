using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The machinery file's parts come in one order for every layout, written in one place
/// (<c>generator/Emit/MachinerySequence.cs</c>): a layout emitter writes only its own parts and never the
/// shared ones, so two layouts cannot drift apart in the order of their files.
/// </summary>
public sealed class MachinerySequenceTests
{
    // The parts every layout's machinery holds, written by the shared writers.
    private static readonly string[] s_sharedParts = ["WriteLayerSizes", "WriteDescription", "WriteSaveAndLoad", "WriteExportOnnx", "WriteInterfaceCounts"];

    [Theory]
    [InlineData("Blocked/BlockedEmitter.cs")]
    [InlineData("StraightLine/StraightLineEmitter.cs")]
    public void A_layout_emitter_writes_none_of_the_shared_machinery_parts(string file)
    {
        string[] called = [.. Invocations(file).Where(s_sharedParts.Contains)];
        Assert.Empty(called);
    }

    [Fact]
    public void The_sequence_writes_every_shared_part()
    {
        string[] called = [.. Invocations("MachinerySequence.cs")];
        Assert.All(s_sharedParts, part => Assert.Contains(part, called));
    }

    private static IEnumerable<string> Invocations(string file)
    {
        string path = Path.Combine(TestPaths.RepositoryRoot, "generator", "Emit", file);
        SyntaxNode root = CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot();
        return root.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(call => call.Expression is MemberAccessExpressionSyntax member ? member.Name.Identifier.Text : call.Expression.ToString());
    }
}
