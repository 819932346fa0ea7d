using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// Finds switches over the closed option enums (<c>Activation</c>, <c>Loss</c>, <c>Optimizer</c>, <c>Precision</c>,
/// <c>LayerKind</c>) whose catch-all does something other than throw. A catch-all that returns a value or
/// writes code turns a new member into a silent wrong answer; one that throws turns it into a failing test.
/// The governing type comes from a semantic model, so a switch over <c>context.Options.Optimizer</c> counts
/// as much as one over a parameter named <c>optimizer</c>.
/// </summary>
internal static class ClosedEnumSwitchFinder
{
    /// <summary>The enums whose every switch must name what it handles and throw on the rest.</summary>
    public static readonly ImmutableArray<string> ClosedEnums = ["Activation", "Loss", "Optimizer", "Precision", "LayerKind"];

    // The runtime's namespace, and the generator's, which compiles the same enum files (UNROLLED_GENERATOR).
    private static readonly ImmutableArray<string> s_namespaces = ["Unrolled", "Unrolled.Generator.Model"];

    /// <summary>One switch over a closed enum.</summary>
    /// <param name="Location">file:line of the offending catch-all, or of the switch keyword when it is fine or has none.</param>
    /// <param name="EnumName">The governing enum's name.</param>
    /// <param name="Problem">Why the switch is an offender, or null when it names its cases and throws on the rest.</param>
    public sealed record Finding(string Location, string EnumName, string? Problem)
    {
        public override string ToString() => $"{Location}: a switch over {EnumName} {Problem ?? "throws on what it does not name"}";
    }

    /// <summary>
    /// Every switch over a closed enum in the given compilation units, and every switch whose governing type
    /// could not be bound (so a scan with a missing reference fails instead of passing blind).
    /// <paramref name="sources"/> maps each file's display path to its text; the compilation binds them
    /// together with <paramref name="references"/>, as <paramref name="assemblyName"/> (which decides whose
    /// internals it sees).
    /// </summary>
    public static ImmutableArray<Finding> Scan(
        IReadOnlyDictionary<string, string> sources,
        IEnumerable<MetadataReference> references,
        IEnumerable<string> preprocessorSymbols,
        string assemblyName = "ClosedEnumSwitchScan")
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: preprocessorSymbols);
        SyntaxTree[] trees = [.. sources.Select(source => CSharpSyntaxTree.ParseText(source.Value, parseOptions, path: source.Key))];
        CSharpCompilation compilation = CSharpCompilation.Create(
            assemblyName,
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var findings = ImmutableArray.CreateBuilder<Finding>();
        foreach (SyntaxTree tree in trees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
            {
                Finding? finding = node switch
                {
                    SwitchStatementSyntax statement => Check(model, statement.Expression, statement.SwitchKeyword, () => StatementProblem(statement)),
                    SwitchExpressionSyntax expression => Check(model, expression.GoverningExpression, expression.SwitchKeyword, () => ExpressionProblem(expression)),
                    _ => null,
                };
                if (finding is not null)
                {
                    findings.Add(finding);
                }
            }
        }

        return findings.ToImmutable();
    }

    private static Finding? Check(SemanticModel model, ExpressionSyntax governing, SyntaxToken keyword, Func<(SyntaxNode At, string Text)?> problem)
    {
        ITypeSymbol? type = model.GetTypeInfo(governing).Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type is null or { TypeKind: TypeKind.Error })
        {
            FileLinePositionSpan unbound = governing.GetLocation().GetLineSpan();
            return new Finding($"{unbound.Path}:{unbound.StartLinePosition.Line + 1}", type?.Name ?? "?",
                $"is over `{governing}`, whose type the scan could not bind: give the scan the reference or source it lacks");
        }

        if (type is not { TypeKind: TypeKind.Enum } || !ClosedEnums.Contains(type.Name)
            || !s_namespaces.Contains(type.ContainingNamespace.ToDisplayString()))
        {
            return null;
        }

        (SyntaxNode At, string Text)? found = problem();
        FileLinePositionSpan span = (found?.At.GetLocation() ?? keyword.GetLocation()).GetLineSpan();
        return new Finding($"{span.Path}:{span.StartLinePosition.Line + 1}", type.Name, found?.Text);
    }

    // A switch statement without a default falls through silently on a value it does not name; one
    // whose default does anything but throw carries on with a guess.
    private static (SyntaxNode At, string Text)? StatementProblem(SwitchStatementSyntax statement)
    {
        SwitchSectionSyntax? catchAll = statement.Sections.FirstOrDefault(section => section.Labels.Any(IsCatchAll));
        if (catchAll is null)
        {
            return (statement, "has no default, so it does nothing for a value it does not name: add `default: throw ...`");
        }

        return OnlyThrows(catchAll.Statements)
            ? null
            : (catchAll, "has a default that does something other than throw: name the values it handles and throw in the default");
    }

    private static (SyntaxNode At, string Text)? ExpressionProblem(SwitchExpressionSyntax expression)
    {
        SwitchExpressionArmSyntax? offender = expression.Arms
            .FirstOrDefault(arm => arm.WhenClause is null && IsCatchAll(arm.Pattern) && arm.Expression is not ThrowExpressionSyntax);
        return offender is null
            ? null
            : (offender, $"has the arm `{offender.Pattern} => {offender.Expression}`, a value for any member it does not name: "
                + "name the members it handles and throw in the discard arm");
    }

    private static bool IsCatchAll(SwitchLabelSyntax label) => label switch
    {
        DefaultSwitchLabelSyntax => true,
        CasePatternSwitchLabelSyntax { WhenClause: null } pattern => IsCatchAll(pattern.Pattern),
        _ => false,
    };

    // `_`, `var x` and `not X` match values the switch never names.
    private static bool IsCatchAll(PatternSyntax pattern) => pattern switch
    {
        DiscardPatternSyntax => true,
        VarPatternSyntax => true,
        DeclarationPatternSyntax => true,
        UnaryPatternSyntax { OperatorToken.RawKind: (int)SyntaxKind.NotKeyword } => true,
        ParenthesizedPatternSyntax parenthesized => IsCatchAll(parenthesized.Pattern),
        BinaryPatternSyntax binary => IsCatchAll(binary.Left) || IsCatchAll(binary.Right),
        _ => false,
    };

    private static bool OnlyThrows(SyntaxList<StatementSyntax> statements) => statements switch
    {
        [ThrowStatementSyntax] => true,
        [BlockSyntax block] => OnlyThrows(block.Statements),
        _ => false,
    };
}
