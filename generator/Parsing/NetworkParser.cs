using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Generator.Diagnostics;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Turns one <c>[Network]</c> declaration into a <see cref="NetworkSpec"/>, or into diagnostics that
/// say what to change. It never throws on malformed code: when the compiler already reports the
/// problem (a non-constant argument, a missing constructor) it yields nothing.
/// </summary>
internal static class NetworkParser
{
    public const string AttributeMetadataName = "Unrolled.NetworkAttribute";

    public static bool IsCandidate(SyntaxNode node, CancellationToken _) =>
        node is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax;

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetNode is not TypeDeclarationSyntax declaration
            || context.TargetSymbol is not INamedTypeSymbol type
            || context.Attributes.IsDefaultOrEmpty
            || FirstNetworkAttributeIn(declaration, type, context.Attributes[0]) is not { } attribute
            || attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax attributeSyntax)
        {
            return ParseResult.Nothing;
        }

        var diagnostics = new List<DiagnosticInfo>();
        string displayName = type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

        CheckTypeShape(declaration, type, displayName, diagnostics);
        ImmutableArray<int>? layers = ReadLayers(attribute, attributeSyntax, displayName, diagnostics);
        if (layers is null)
        {
            // The compiler reports the malformed attribute itself; adding our own would only repeat it.
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        bool layersValid = CheckLayers(layers.Value, attributeSyntax, displayName, diagnostics);
        if (layersValid)
        {
            MemberConflicts.Check(declaration, type, displayName, layers.Value, diagnostics, cancellationToken);
        }

        if (diagnostics.Count > 0)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        return new ParseResult(CreateSpec(type, layers.Value), EquatableArray<DiagnosticInfo>.Empty);
    }

    // [Network] is AllowMultiple = false, but a type split into partial parts can still carry it
    // more than once (the compiler reports CS0579), and the generator sees each part. Only the part
    // holding the first attribute in source order produces the network, so a type never gets two
    // files with the same name.
    private static AttributeData? FirstNetworkAttributeIn(TypeDeclarationSyntax declaration, INamedTypeSymbol type, AttributeData sample)
    {
        AttributeData? first = type.GetAttributes()
            .Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, sample.AttributeClass) && a.ApplicationSyntaxReference is not null)
            .OrderBy(a => a.ApplicationSyntaxReference!.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(a => a.ApplicationSyntaxReference!.Span.Start)
            .FirstOrDefault();
        SyntaxReference? location = first?.ApplicationSyntaxReference;
        return location is not null && location.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(location.Span)
            ? first
            : null;
    }

    private static void CheckTypeShape(TypeDeclarationSyntax declaration, INamedTypeSymbol type, string displayName, List<DiagnosticInfo> diagnostics)
    {
        if (declaration is RecordDeclarationSyntax record)
        {
            Add(diagnostics, DiagnosticDescriptors.UnsupportedTypeKind, record.Keyword, displayName, "a record");
        }

        foreach (SyntaxToken modifier in declaration.Modifiers)
        {
            string? kind = modifier.Kind() switch
            {
                SyntaxKind.StaticKeyword => "static",
                SyntaxKind.ReadOnlyKeyword => "a readonly struct",
                SyntaxKind.RefKeyword => "a ref struct",
                SyntaxKind.FileKeyword => "file-local",
                _ => null,
            };
            if (kind is not null)
            {
                Add(diagnostics, DiagnosticDescriptors.UnsupportedTypeKind, modifier, displayName, kind);
            }
        }

        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            Add(diagnostics, DiagnosticDescriptors.TypeNotPartial, declaration.Identifier, displayName);
        }

        if (declaration.TypeParameterList is { } typeParameters)
        {
            Add(diagnostics, DiagnosticDescriptors.GenericType, typeParameters, displayName);
        }

        foreach (TypeDeclarationSyntax container in declaration.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            string containerName = container.Identifier.ValueText;
            if (!container.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                Add(diagnostics, DiagnosticDescriptors.ContainingTypeNotPartial, container.Identifier, containerName, displayName);
            }

            if (container.TypeParameterList is { } containerTypeParameters)
            {
                Add(diagnostics, DiagnosticDescriptors.GenericType, containerTypeParameters, containerName);
            }
        }
    }

    /// <summary>The layer sizes, or null when the attribute is malformed in a way the compiler reports.</summary>
    private static ImmutableArray<int>? ReadLayers(AttributeData attribute, AttributeSyntax syntax, string displayName, List<DiagnosticInfo> diagnostics)
    {
        if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length != 1)
        {
            return null;
        }

        TypedConstant argument = attribute.ConstructorArguments[0];
        if (argument.Kind != TypedConstantKind.Array)
        {
            return null;
        }

        // [Network(null)]: Values of a null array is a default ImmutableArray and would throw.
        if (argument.IsNull)
        {
            Add(diagnostics, DiagnosticDescriptors.TooFewLayers, syntax, displayName, "null instead of layer sizes");
            return ImmutableArray<int>.Empty;
        }

        var layers = ImmutableArray.CreateBuilder<int>(argument.Values.Length);
        foreach (TypedConstant value in argument.Values)
        {
            if (value.Kind == TypedConstantKind.Error || value.Value is not int size)
            {
                return null;
            }

            layers.Add(size);
        }

        return layers.MoveToImmutable();
    }

    private static bool CheckLayers(ImmutableArray<int> layers, AttributeSyntax syntax, string displayName, List<DiagnosticInfo> diagnostics)
    {
        if (layers.Length < 2)
        {
            if (diagnostics.All(d => d.DescriptorId != DiagnosticDescriptors.TooFewLayers.Id))
            {
                string listed = layers.Length == 0 ? "no layer sizes" : "only one layer size";
                Add(diagnostics, DiagnosticDescriptors.TooFewLayers, syntax, displayName, listed);
            }

            return false;
        }

        bool valid = true;
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] < 1)
            {
                diagnostics.Add(Diagnostic(DiagnosticDescriptors.LayerSizeTooSmall, LayerArgumentLocation(syntax, i, layers.Length),
                    Text(i), displayName, Text(layers[i])));
                valid = false;
            }
        }

        if (!valid)
        {
            return false;
        }

        long parameters = Topology.CountParameters(layers);
        if (parameters > NetworkLimits.MaxParameters)
        {
            Add(diagnostics, DiagnosticDescriptors.TooManyParameters, syntax, displayName,
                string.Join("-", layers.Select(Text)), Text(parameters), Text(NetworkLimits.MaxParameters));
            return false;
        }

        return true;
    }

    // Points at the offending size itself: one argument per layer for the params form, or an
    // element of an array or collection expression passed as the single argument.
    private static LocationInfo? LayerArgumentLocation(AttributeSyntax syntax, int index, int count)
    {
        SeparatedSyntaxList<AttributeArgumentSyntax> arguments = syntax.ArgumentList?.Arguments ?? default;
        if (arguments.Count == count)
        {
            return LocationInfo.From(arguments[index].Expression);
        }

        if (arguments.Count == 1)
        {
            SeparatedSyntaxList<ExpressionSyntax>? elements = arguments[0].Expression switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                ImplicitArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                _ => null,
            };
            if (elements is { } list && list.Count == count)
            {
                return LocationInfo.From(list[index]);
            }

            if (arguments[0].Expression is CollectionExpressionSyntax collection && collection.Elements.Count == count)
            {
                return LocationInfo.From(collection.Elements[index]);
            }
        }

        return LocationInfo.From(syntax);
    }

    private static NetworkSpec CreateSpec(INamedTypeSymbol type, ImmutableArray<int> layers)
    {
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString(NamespaceFormat)
            : string.Empty;

        var containingTypes = new List<ContainingTypeSpec>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containingTypes.Insert(0, new ContainingTypeSpec(Keyword(outer), Escape(outer.Name)));
        }

        // Hint names are file names: the plain identifiers, never the '@' of an escaped keyword.
        var nameParts = new List<string> { type.Name };
        for (ISymbol? outer = type.ContainingSymbol; outer is INamedTypeSymbol or INamespaceSymbol { IsGlobalNamespace: false }; outer = outer.ContainingSymbol)
        {
            nameParts.Insert(0, outer.Name);
        }

        string hintName = string.Join(".", nameParts) + ".g.cs";

        return new NetworkSpec(
            ns,
            Escape(type.Name),
            Keyword(type),
            containingTypes.ToEquatableArray(),
            layers.ToEquatableArray(),
            hintName);
    }

    private static readonly SymbolDisplayFormat NamespaceFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static void Add(List<DiagnosticInfo> diagnostics, DiagnosticDescriptor descriptor, SyntaxNode node, params string[] args) =>
        diagnostics.Add(Diagnostic(descriptor, LocationInfo.From(node), args));

    internal static void Add(List<DiagnosticInfo> diagnostics, DiagnosticDescriptor descriptor, SyntaxToken token, params string[] args) =>
        diagnostics.Add(Diagnostic(descriptor, LocationInfo.From(token), args));

    internal static DiagnosticInfo Diagnostic(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args) =>
        new(descriptor.Id, location, args.ToEquatableArray());
}
