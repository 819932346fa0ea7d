using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The emitter's folders depend one way: the concepts and writers in <c>Emit/Shared</c> know no layout,
/// <c>Emit/Blocked</c> and <c>Emit/Frozen</c> do not call the straight-line writers, and Frozen does not
/// call the blocked ones either; what two layouts share lives in Shared. A file breaks the rule when it
/// imports a forbidden folder's namespace or names a type declared there, qualified or not.
/// </summary>
public sealed class EmitFolderDependencyTests
{
    private static readonly string s_emit = Path.Combine(TestPaths.RepositoryRoot, "generator", "Emit");

    [Theory]
    [InlineData("Shared", new[] { "StraightLine", "Blocked", "Frozen", "Recurrent" })]
    [InlineData("Recurrent", new[] { "StraightLine", "Frozen" })]
    [InlineData("Blocked", new[] { "StraightLine" })]
    [InlineData("Frozen", new[] { "StraightLine", "Blocked" })]
    public void A_folder_references_no_type_or_namespace_of_the_folders_it_must_not_depend_on(string folder, string[] forbidden)
    {
        var forbiddenTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string other in forbidden)
        {
            foreach (string name in Files(other).SelectMany(file => Parse(file).DescendantNodes().OfType<BaseTypeDeclarationSyntax>()).Select(type => type.Identifier.Text))
            {
                forbiddenTypes[name] = other;
            }
        }

        Assert.NotEmpty(forbiddenTypes);
        var found = new List<string>();
        foreach (string file in Files(folder))
        {
            SyntaxNode root = Parse(file);
            string relative = Path.GetRelativePath(TestPaths.RepositoryRoot, file).Replace('\\', '/');
            foreach (UsingDirectiveSyntax directive in root.DescendantNodes().OfType<UsingDirectiveSyntax>())
            {
                string name = directive.Name?.ToString() ?? string.Empty;
                if (forbidden.Any(other => name == "Unrolled.Generator.Emit." + other))
                {
                    found.Add($"{relative}: using {name}");
                }
            }

            foreach (IdentifierNameSyntax identifier in root.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (forbiddenTypes.TryGetValue(identifier.Identifier.Text, out string? other))
                {
                    int line = identifier.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    found.Add($"{relative}({line}): {identifier.Identifier.Text} of Emit/{other}");
                }
            }
        }

        Assert.True(found.Count == 0, $"Emit/{folder} depends on {string.Join(", ", forbidden)}:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_runtime_guard_type_name_is_written_once_in_the_generator()
    {
        string[] files = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "generator"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => File.ReadAllText(path).Contains("\"global::Unrolled.NetworkGuard\"", StringComparison.Ordinal))
            .ToArray();
        Assert.Single(files);
    }

    [Fact]
    public void The_blocked_writers_get_a_context_whose_layout_and_code_are_never_null()
    {
        // EmitContext used to hold the blocked layout's members as nullables, so every use said "!".
        string[] forgiving = [.. Files("Blocked").Concat(Files("Shared")).Concat(Files("Frozen"))
            .Where(file => File.ReadAllText(file).Contains("context.Layout!", StringComparison.Ordinal)
                || File.ReadAllText(file).Contains("context.Code!", StringComparison.Ordinal))
            .Select(Path.GetFileName)!];
        Assert.Empty(forgiving);
        Assert.Null(typeof(Unrolled.Generator.Emit.Shared.EmitContext).GetProperty("Layout"));
        Assert.Null(typeof(Unrolled.Generator.Emit.Shared.EmitContext).GetProperty("Code"));
    }

    private static IEnumerable<string> Files(string folder) =>
        Directory.GetFiles(Path.Combine(s_emit, folder), "*.cs", SearchOption.AllDirectories).OrderBy(path => path, StringComparer.Ordinal);

    private static SyntaxNode Parse(string file) => CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
}
