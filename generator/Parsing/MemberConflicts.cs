using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Generator.Diagnostics;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Finds user-written members that would collide with generated ones, so the user gets one
/// UNR diagnostic at their member instead of compiler errors inside a file they cannot edit.
/// </summary>
internal static class MemberConflicts
{
    // Parameter types of the generated methods, as ToDisplayString() writes them. A user method
    // with the same name but other parameter types is a legal overload and is left alone.
    private static readonly Dictionary<string, string[]> s_methodParameters = new()
    {
        [GeneratedNames.Predict] = ["System.ReadOnlySpan<double>", "System.Span<double>"],
        [GeneratedNames.Train] = ["System.ReadOnlySpan<double>", "System.ReadOnlySpan<double>", "double"],
        [GeneratedNames.TrainBatch] = ["System.ReadOnlySpan<double>", "System.ReadOnlySpan<double>", "double"],
        [GeneratedNames.Randomize] = ["ulong"],
        [GeneratedNames.CopyParametersTo] = ["System.Span<double>"],
        [GeneratedNames.SetParameters] = ["System.ReadOnlySpan<double>"],
    };

    public static void Check(
        TypeDeclarationSyntax declaration,
        INamedTypeSymbol type,
        string displayName,
        ImmutableArray<int> layers,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        var generated = new HashSet<string>(GeneratedNames.AllMembers(layers));

        if (generated.Contains(type.Name))
        {
            NetworkParser.Add(diagnostics, DiagnosticDescriptors.TypeNameConflict, declaration.Identifier, displayName);
        }

        foreach (ISymbol member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!member.IsImplicitlyDeclared && generated.Contains(member.Name) && Collides(member))
            {
                LocationInfo? location = LocationInfo.From(member.Locations.FirstOrDefault()) ?? LocationInfo.From(declaration.Identifier);
                diagnostics.Add(NetworkParser.Diagnostic(DiagnosticDescriptors.MemberNameConflict, location, displayName, member.Name));
            }
        }

        // An inherited member of the same name would be hidden by the generated one (CS0108 or
        // CS0114 inside generated code). The base list is the syntax the user can change.
        LocationInfo? baseLocation = declaration.BaseList is { } baseList ? LocationInfo.From(baseList.Types[0]) : LocationInfo.From(declaration.Identifier);
        for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            // A base network's members come from generated code this compilation does not show us yet.
            if (IsNetwork(baseType))
            {
                diagnostics.Add(NetworkParser.Diagnostic(DiagnosticDescriptors.DerivesFromNetwork, baseLocation, displayName,
                    baseType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
                break;
            }

            IEnumerable<string> hidden = baseType.GetMembers()
                .Where(m => !m.IsImplicitlyDeclared && m.DeclaredAccessibility != Accessibility.Private && generated.Contains(m.Name) && Collides(m))
                .Select(m => m.Name)
                .Distinct();
            foreach (string name in hidden)
            {
                diagnostics.Add(NetworkParser.Diagnostic(DiagnosticDescriptors.MemberNameConflict, baseLocation, displayName, name));
            }
        }
    }

    private static bool Collides(ISymbol member) =>
        member is not IMethodSymbol method
        || !s_methodParameters.TryGetValue(member.Name, out string[]? parameters)
        || method.Parameters.Select(p => p.Type.ToDisplayString()).SequenceEqual(parameters);

    private static bool IsNetwork(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkParser.AttributeMetadataName);
}
