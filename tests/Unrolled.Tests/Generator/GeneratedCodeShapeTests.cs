using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// What the generated code must look like for each kind of declaring type and precision, checked on
/// the syntax and symbols of every file generated for the network (whichever file a member is in).
/// </summary>
public sealed class GeneratedCodeShapeTests
{
    [Fact]
    public void A_struct_gets_a_partial_struct_with_auto_layout_and_readonly_members_wherever_they_only_read()
    {
        GeneratorRun run = RunClean("namespace Demo; [Unrolled.Network(2, 3, 2)] public partial struct StructNet;");
        INamedTypeSymbol type = run.Output.GetTypeByMetadataName("Demo.StructNet")!;

        Assert.All(Declarations(run, "StructNet"), declaration => Assert.IsType<StructDeclarationSyntax>(declaration));
        AttributeData layout = Assert.Single(type.GetAttributes(), a => a.AttributeClass?.Name == "StructLayoutAttribute");
        Assert.Equal((int)System.Runtime.InteropServices.LayoutKind.Auto, layout.ConstructorArguments.Single().Value);
        Assert.True(IsGenerated(layout.ApplicationSyntaxReference!.SyntaxTree));

        // A method that writes no field of the struct, directly or through another member, is readonly;
        // one that does is not (the compiler forbids the reverse).
        IMethodSymbol[] methods = [.. type.GetMembers().OfType<IMethodSymbol>().Where(m => !m.IsStatic && m.MethodKind is MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation && m.DeclaringSyntaxReferences.Any(r => IsGenerated(r.SyntaxTree)))];
        HashSet<IMethodSymbol> writers = Writers(run.Output, type, methods);
        Assert.Contains(methods, m => m.Name == "Predict" && m.IsReadOnly);
        Assert.Contains(methods, m => m.Name == "Train" && !m.IsReadOnly);
        Assert.All(methods, m => Assert.True(m.IsReadOnly != writers.Contains(m), $"{m.ToDisplayString()}: readonly {m.IsReadOnly}, writes a field {writers.Contains(m)}"));
    }

    [Fact]
    public void A_struct_with_its_own_layout_keeps_it()
    {
        GeneratorRun run = RunClean("""
            namespace Demo;
            [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
            [Unrolled.Network(2, 3, 2)] public partial struct StructNet;
            """);
        AttributeData layout = Assert.Single(run.Output.GetTypeByMetadataName("Demo.StructNet")!.GetAttributes(), a => a.AttributeClass?.Name == "StructLayoutAttribute");
        Assert.False(IsGenerated(layout.ApplicationSyntaxReference!.SyntaxTree));
    }

    [Theory]
    [InlineData("[Unrolled.Network(2, 3, 2)] public partial struct Net;")]
    [InlineData("[Unrolled.Network(2, 3, 2, Optimizer = Unrolled.Optimizer.Adam, Precision = Unrolled.Precision.Single)] public partial struct Net;")]
    [InlineData("[Unrolled.Network(3, 5, 4, 2, Hidden = Unrolled.Activation.LeakyReLU, Optimizer = Unrolled.Optimizer.Momentum)] public partial struct Net;")]
    public void Readonly_members_of_a_struct_make_no_defensive_copy_of_this(string declaration)
    {
        Assert.DoesNotContain(StrictDiagnostics(RunClean("namespace Demo; " + declaration)), d => d.Id == "CS8656");
    }

    [Fact]
    public void The_defensive_copy_check_sees_one()
    {
        GeneratorRun run = GeneratorHarness.Run("struct S { int _x; void Bump() => _x++; public readonly void Read() => Bump(); }");
        Assert.Contains(StrictDiagnostics(run), d => d.Id == "CS8656");
    }

    [Fact]
    public void A_nested_network_is_wrapped_in_its_containing_types_outermost_first()
    {
        GeneratorRun run = RunClean("""
            namespace Demo.Robots;

            public static partial class Robots
            {
                internal partial record struct Arm(int Joints)
                {
                    [Unrolled.Network(4, 3, 2)]
                    private partial class Controller { }
                }
            }
            """);

        Assert.All(Declarations(run, "Controller"), declaration =>
        {
            Assert.Equal(["record struct Arm", "class Robots"], declaration.Ancestors().OfType<TypeDeclarationSyntax>().Select(Describe));
            Assert.Equal("Demo.Robots", Assert.Single(declaration.Ancestors().OfType<BaseNamespaceDeclarationSyntax>()).Name.ToString());
        });
        Assert.Contains(run.Output.GetTypeByMetadataName("Demo.Robots.Robots+Arm+Controller")!.GetMembers(), m => m.Name == "Train");
    }

    [Fact]
    public void A_network_in_the_global_namespace_has_no_namespace_block_and_global_names_everywhere()
    {
        GeneratorRun run = RunClean("[Unrolled.Network(2, 2, 1)] partial class GlobalNet { }");

        SyntaxTree[] trees = [.. Declarations(run, "GlobalNet").Select(d => d.SyntaxTree).Distinct()];
        Assert.NotEmpty(trees);
        Assert.All(trees, tree => Assert.Empty(tree.GetRoot(TestContext.Current.CancellationToken).DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>()));
        Assert.Contains(run.Output.GetTypeByMetadataName("GlobalNet")!.GetMembers(), m => m.Name == "Predict");
        AssertNamespacesAreGlobalQualified(run, trees);
    }

    [Fact]
    public void A_network_in_a_namespace_names_every_namespace_from_global()
    {
        GeneratorRun run = RunClean("namespace Demo.Gates { [Unrolled.Network(2, 4, 5)] public partial class LogicGatesNet { } }");
        AssertNamespacesAreGlobalQualified(run, [.. Declarations(run, "LogicGatesNet").Select(d => d.SyntaxTree).Distinct()]);
    }

    [Fact]
    public void A_single_precision_network_computes_in_float_with_MathF()
    {
        GeneratorRun run = RunClean("namespace Demo; [Unrolled.Network(2, 4, 1, Precision = Unrolled.Precision.Single)] public partial class SingleXorNet;");

        foreach (string name in new[] { "Predict", "Train" })
        {
            MethodDeclarationSyntax method = Assert.Single(Declarations(run, "SingleXorNet").SelectMany(d => d.Members.OfType<MethodDeclarationSyntax>()), m => m.Identifier.ValueText == name);
            SemanticModel model = run.Output.GetSemanticModel(method.SyntaxTree);
            LiteralExpressionSyntax[] literals = [.. method.DescendantNodes().OfType<LiteralExpressionSyntax>().Where(l => l.Token.Value is double or float)];
            Assert.NotEmpty(literals);
            Assert.All(literals, literal => Assert.IsType<float>(literal.Token.Value));
            Assert.All(method.DescendantNodes().OfType<ExpressionSyntax>(), expression =>
                Assert.NotEqual(SpecialType.System_Double, model.GetTypeInfo(expression, TestContext.Current.CancellationToken).Type?.SpecialType));
            IMethodSymbol[] calls = [.. method.DescendantNodes().OfType<InvocationExpressionSyntax>().Select(i => model.GetSymbolInfo(i, TestContext.Current.CancellationToken).Symbol).OfType<IMethodSymbol>()];
            Assert.Contains(calls, c => c.ContainingType.ToDisplayString() == "System.MathF" && c.Name == "Exp");
            Assert.DoesNotContain(calls, c => c.ContainingType.ToDisplayString() == "System.Math");
        }
    }

    private static GeneratorRun RunClean(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        return run;
    }

    private static bool IsGenerated(SyntaxTree tree) => tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal);

    // Every declaration of the network's type in generated code, in every generated file.
    private static TypeDeclarationSyntax[] Declarations(GeneratorRun run, string typeName) =>
        [.. run.Output.SyntaxTrees.Where(IsGenerated).SelectMany(t => t.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>()).Where(d => d.Identifier.ValueText == typeName)];

    private static string Describe(TypeDeclarationSyntax declaration) =>
        (declaration is RecordDeclarationSyntax record && record.ClassOrStructKeyword.ValueText.Length > 0 ? "record " + record.ClassOrStructKeyword.ValueText : declaration.Keyword.ValueText) + " " + declaration.Identifier.ValueText;

    // A namespace named in generated code starts at global::, so no user type or namespace can capture it.
    private static void AssertNamespacesAreGlobalQualified(GeneratorRun run, SyntaxTree[] trees)
    {
        int checkedNames = 0;
        foreach (SyntaxTree tree in trees)
        {
            SemanticModel model = run.Output.GetSemanticModel(tree);
            foreach (IdentifierNameSyntax name in tree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                // Only the leftmost name of a qualified name (System in global::System.Math), and not the
                // name of the namespace declaration itself.
                if (name.Parent is QualifiedNameSyntax qualified && qualified.Right == name || name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                    || name.FirstAncestorOrSelf<NameSyntax>(n => n.Parent is BaseNamespaceDeclarationSyntax) is not null)
                {
                    continue;
                }

                if (model.GetSymbolInfo(name, TestContext.Current.CancellationToken).Symbol is INamespaceSymbol)
                {
                    checkedNames++;
                    Assert.True(name.Parent is AliasQualifiedNameSyntax { Alias.Identifier.ValueText: "global" }, $"'{name.Parent}' in {tree.FilePath} does not start at global::");
                }
            }
        }

        Assert.True(checkedNames > 10, $"Only {checkedNames} namespace references were checked.");
    }

    private static Diagnostic[] StrictDiagnostics(GeneratorRun run)
    {
        var compilation = (CSharpCompilation)run.Output;
        return [.. compilation.WithOptions(compilation.Options.WithWarningLevel(9999)).GetDiagnostics(TestContext.Current.CancellationToken)];
    }

    // The generated methods that write a field of the struct, or call one that does.
    private static HashSet<IMethodSymbol> Writers(Compilation compilation, INamedTypeSymbol type, IMethodSymbol[] methods)
    {
        var calls = new Dictionary<IMethodSymbol, IMethodSymbol[]>(SymbolEqualityComparer.Default);
        var writers = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (IMethodSymbol method in methods)
        {
            SyntaxNode body = method.DeclaringSyntaxReferences.Single().GetSyntax(TestContext.Current.CancellationToken);
            SemanticModel model = compilation.GetSemanticModel(body.SyntaxTree);
            bool IsField(ExpressionSyntax e) => model.GetSymbolInfo(e, TestContext.Current.CancellationToken).Symbol is IFieldSymbol { IsStatic: false } f && SymbolEqualityComparer.Default.Equals(f.ContainingType, type);
            bool writes = body.DescendantNodes().Any(n => n switch
            {
                AssignmentExpressionSyntax a => IsField(a.Left),
                PrefixUnaryExpressionSyntax u => u.OperatorToken.ValueText is "++" or "--" && IsField(u.Operand),
                PostfixUnaryExpressionSyntax u => IsField(u.Operand),
                ArgumentSyntax a => a.RefKindKeyword.ValueText is "ref" or "out" && IsField(a.Expression),
                _ => false,
            });
            if (writes)
            {
                writers.Add(method);
            }

            calls[method] = [.. body.DescendantNodes().OfType<InvocationExpressionSyntax>().Select(i => model.GetSymbolInfo(i, TestContext.Current.CancellationToken).Symbol).OfType<IMethodSymbol>().Where(m => methods.Contains(m, SymbolEqualityComparer.Default))];
        }

        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach ((IMethodSymbol method, IMethodSymbol[] callees) in calls)
            {
                if (!writers.Contains(method) && callees.Any(writers.Contains))
                {
                    grew = writers.Add(method) || grew;
                }
            }
        }

        return writers;
    }
}
