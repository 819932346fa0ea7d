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
/// Finds user-written names that would collide with generated ones, so the user gets one UNR
/// diagnostic at their own code instead of compiler errors inside a file they cannot edit.
/// </summary>
internal static class MemberConflicts
{
    private static readonly string[] s_interfaceNames = ["Unrolled.IPredictor", "Unrolled.ISinglePredictor", "Unrolled.INetwork", "Unrolled.ISingleNetwork",
        "Unrolled.IRecurrentNetwork", "Unrolled.ISingleRecurrentNetwork"];

    // Parameter types of the generated methods of a double network, as ToDisplayString() writes
    // them; a float network has float in place of double. A user method
    // with the same name that differs in parameter types, ref kinds or type parameters is a legal
    // overload and is left alone.
    private static readonly Dictionary<string, string[]> s_methodParameters = new()
    {
        [GeneratedNames.Predict] = ["System.ReadOnlySpan<double>", "System.Span<double>"],
        [GeneratedNames.PredictBatch] = ["System.ReadOnlySpan<double>", "System.Span<double>"],
        [GeneratedNames.Train] = ["System.ReadOnlySpan<double>", "System.ReadOnlySpan<double>", "double"],
        [GeneratedNames.TrainBatch] = ["System.ReadOnlySpan<double>", "System.ReadOnlySpan<double>", "double"],
        [GeneratedNames.Randomize] = ["ulong"],
        [GeneratedNames.CopyParametersTo] = ["System.Span<double>"],
        [GeneratedNames.SetParameters] = ["System.ReadOnlySpan<double>"],
        [RecurrentNames.Step] = ["System.ReadOnlySpan<double>", "System.Span<double>"],
        [RecurrentNames.ResetState] = [],
        [RecurrentNames.TrainSequence] = ["System.ReadOnlySpan<double>", "System.ReadOnlySpan<double>", "double"],
        [RecurrentNames.TrainSequenceBatch] = ["System.ReadOnlySpan<double>", "System.ReadOnlySpan<double>", "int", "double"],
    };

    public static void Check(
        TypeDeclarationSyntax declaration,
        INamedTypeSymbol type,
        Compilation compilation,
        string displayName,
        ImmutableArray<int> layers,
        Cell cell,
        NetworkOptions options,
        DiagnosticList diagnostics,
        CancellationToken cancellationToken)
    {
        Precision precision = options.Precision;
        var generated = new HashSet<string>(cell == Cell.None ? GeneratedNames.AllMembers(layers, options) : RecurrentNames.AllMembers(layers.Length));

        if (generated.Contains(type.Name))
        {
            diagnostics.Add(DiagnosticDescriptors.TypeNameConflict, declaration.Identifier, displayName);
        }

        foreach (ISymbol member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? name = member.IsImplicitlyDeclared ? null
                : generated.Contains(member.Name) && Collides(member, precision) ? member.Name
                : ImplementsNetworkExplicitly(member) ? member.Name
                : null;
            if (name is not null)
            {
                LocationInfo? location = LocationInfo.From(member.Locations.FirstOrDefault()) ?? LocationInfo.From(declaration.Identifier);
                diagnostics.Add(DiagnosticDescriptors.MemberNameConflict, location, displayName, name);
            }
        }

        CheckPrimaryConstructorParameters(type, displayName, generated, diagnostics, cancellationToken);
        CheckBaseTypes(declaration, type, compilation, displayName, generated, precision, diagnostics);
    }

    // A primary-constructor parameter is in scope in the whole type: a generated member of the same
    // name would silently take its place in the user's code.
    private static void CheckPrimaryConstructorParameters(INamedTypeSymbol type, string displayName, HashSet<string> generated,
        DiagnosticList diagnostics, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
#if ROSLYN4_14
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { ParameterList: { } parameters })
#else
            // Roslyn 4.3 predates primary constructors on classes and structs (C# 12): only records have them.
            if (reference.GetSyntax(cancellationToken) is RecordDeclarationSyntax { ParameterList: { } parameters })
#endif
            {
                foreach (ParameterSyntax parameter in parameters.Parameters.Where(p => generated.Contains(p.Identifier.ValueText)))
                {
                    diagnostics.Add(DiagnosticDescriptors.MemberNameConflict, parameter.Identifier, displayName, parameter.Identifier.ValueText);
                }
            }
        }
    }

    // An inherited member of the same name would be hidden by the generated one (CS0108 or CS0114
    // inside generated code). The base list is the syntax the user can change.
    private static void CheckBaseTypes(TypeDeclarationSyntax declaration, INamedTypeSymbol type, Compilation compilation, string displayName,
        HashSet<string> generated, Precision precision, DiagnosticList diagnostics)
    {
        LocationInfo? baseLocation = declaration.BaseList is { } baseList ? LocationInfo.From(baseList.Types[0]) : LocationInfo.From(declaration.Identifier);
        for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            // A base network's members come from generated code this compilation does not show us yet.
            if (IsNetwork(baseType))
            {
                diagnostics.Add(DiagnosticDescriptors.DerivesFromNetwork, baseLocation, displayName,
                    baseType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat));
                return;
            }

            IEnumerable<string> hidden = baseType.GetMembers()
                .Where(m => !m.IsImplicitlyDeclared && generated.Contains(m.Name) && Collides(m, precision) && compilation.IsSymbolAccessibleWithin(m, type))
                .Select(m => m.Name)
                .Distinct();
            foreach (string name in hidden)
            {
                diagnostics.Add(DiagnosticDescriptors.MemberNameConflict, baseLocation, displayName, name);
            }
        }
    }

    private static bool Collides(ISymbol member, Precision precision) =>
        member is not IMethodSymbol method
        || !s_methodParameters.TryGetValue(member.Name, out string[]? parameters)
        || (method.TypeParameters.Length == 0
            && method.Parameters.All(p => p.RefKind == RefKind.None)
            && method.Parameters.Select(p => p.Type.ToDisplayString())
                .SequenceEqual(parameters.Select(p => precision == Precision.Single ? p.Replace("double", "float") : p)));

    private static bool ImplementsNetworkExplicitly(ISymbol member)
    {
        IEnumerable<ISymbol> implemented = member switch
        {
            IMethodSymbol { MethodKind: MethodKind.ExplicitInterfaceImplementation } method => method.ExplicitInterfaceImplementations,
            IPropertySymbol property => property.ExplicitInterfaceImplementations,
            _ => [],
        };
        return implemented.Any(i => s_interfaceNames.Contains(i.ContainingType?.ToDisplayString()));
    }

    private static bool IsNetwork(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkParser.AttributeMetadataName);
}
