using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// Every local a generated method declares is read: the compiler warns about a local never assigned or
/// a constant never used, not about one assigned and then ignored (the classifier's e_k once was), so
/// this asks Roslyn's data-flow analysis of each method body.
/// </summary>
public sealed class DeadLocalTests
{
    public static TheoryData<string> Networks =>
    [
        "[Network(2, 4, 1)] public partial class Net;",
        "[Network(2, 3, 2, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] public partial class Net;",
        "[Network(2, 3, 2, Output = Activation.Sigmoid, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Momentum)] public partial class Net;",
        "[Network(6, 6, 4, 3, Hidden = Activation.GELU, Output = Activation.SiLU, Optimizer = Optimizer.Rprop, Precision = Precision.Single)] public partial struct Net;",
        "[Network(5, 7, 3, Activations = new[] { Activation.SiLU, Activation.Softmax }, Loss = Loss.CrossEntropy)] public partial class Net;",
        "[Network(16, 12, 10, 3)] public partial class Net;",
        "[Network(16, 12, 10, 3, Hidden = Activation.Linear, Output = Activation.Sigmoid, Loss = Loss.CrossEntropy)] public partial class Net;",
        "[Network(3, 4, 4, 2, Hidden = Activation.Linear, Optimizer = Optimizer.Adam)] public partial class Net;",
        "[Network(17, 15, 13, 3, Hidden = Activation.ReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)] public partial class Net;",
        "[Network(17, 15, 13, 3, Activations = new[] { Activation.GELU, Activation.SiLU, Activation.Tanh }, Optimizer = Optimizer.Rprop, Precision = Precision.Single)] public partial class Net;",
    ];

    [Theory]
    [MemberData(nameof(Networks))]
    public void Every_local_of_every_generated_method_is_read(string declaration)
    {
        GeneratorRun run = GeneratorHarness.Run("using Unrolled;\nnamespace Demo;\n" + declaration);
        Assert.Empty(run.CompilerDiagnostics);
        var dead = new List<string>();
        foreach (SyntaxTree tree in run.Output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)))
        {
            SemanticModel model = run.Output.GetSemanticModel(tree);
            foreach (BaseMethodDeclarationSyntax method in tree.GetRoot(TestContext.Current.CancellationToken).DescendantNodes().OfType<BaseMethodDeclarationSyntax>().Where(m => m.Body is not null))
            {
                DataFlowAnalysis flow = model.AnalyzeDataFlow(method.Body!)!;
                string name = method is MethodDeclarationSyntax named ? named.Identifier.Text : method.Kind().ToString();
                dead.AddRange(flow.VariablesDeclared.Except(flow.ReadInside, SymbolEqualityComparer.Default)
                    .Select(local => $"{Path.GetFileName(tree.FilePath)} {name}: {local!.Name}"));
            }
        }

        Assert.Empty(dead);
    }
}
