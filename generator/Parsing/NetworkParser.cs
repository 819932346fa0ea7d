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

        // Incomplete code such as "partial class class Net" or "namespace namespace Demo": the
        // compiler reports the missing name, and a type without a full name cannot receive members.
        if (declaration.Identifier.IsMissing || HasUnnamedType(type))
        {
            return ParseResult.Nothing;
        }

        var diagnostics = new DiagnosticList();
        string displayName = type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

        TypeShapeChecks.Check(declaration, attributeSyntax, type, displayName, diagnostics, cancellationToken);
        ImmutableArray<int>? layers = LayerReader.Read(attribute, attributeSyntax, displayName, diagnostics);
        if (layers is null)
        {
            // The compiler reports the malformed attribute itself; adding our own would only repeat it.
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        if (CellReader.Read(attribute, attributeSyntax, layers, displayName, diagnostics) is not { } cell)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        if (cell != Cell.None && type.TypeKind == TypeKind.Struct)
        {
            diagnostics.Add(DiagnosticDescriptors.RecurrentNetworkInStruct, attributeSyntax, displayName, cell.ToString());
        }

        Activation[]? activations = ActivationsReader.Read(attribute, attributeSyntax, layers, displayName, diagnostics);
        NetworkOptions? options = OptionsReader.Read(attribute, attributeSyntax, activations?[activations.Length - 1], displayName, diagnostics);
        FrozenWeights? frozen = OptionsReader.ReadWeights(attribute, attributeSyntax, displayName, diagnostics);
        if (LayerReader.Check(layers.Value, attributeSyntax, displayName, diagnostics))
        {
            if (cell == Cell.None)
            {
                LayerReader.CheckLayoutFitsType(layers.Value, options?.Optimizer ?? Optimizer.Sgd, type, attributeSyntax, displayName, diagnostics);
                LayerReader.CheckOptimizerStateFits(layers.Value, options?.Optimizer ?? Optimizer.Sgd, attributeSyntax, displayName, diagnostics);
            }

            MemberConflicts.Check(declaration, type, context.SemanticModel.Compilation, displayName, layers.Value, cell, options ?? NetworkOptions.Default, diagnostics, cancellationToken);
        }

        return diagnostics.Count > 0 || options is null || activations is null
            ? new ParseResult(null, diagnostics.ToEquatableArray())
            : new ParseResult(CreateSpec(type, Layers(layers.Value, activations, cell), options, AttributeText.AsWritten(attributeSyntax), context.SemanticModel.Compilation) with
            {
                Frozen = frozen,
                HasRefAccess = CompilationApis.HasRefAccess(context.SemanticModel.Compilation),
                HasVectorExp = CompilationApis.HasNumericsVectorExp(context.SemanticModel.Compilation),
                HasAggressiveOptimization = CompilationApis.HasAggressiveOptimization(context.SemanticModel.Compilation),
            }, EquatableArray<DiagnosticInfo>.Empty);
    }

    private static bool HasUnnamedType(INamedTypeSymbol type)
    {
        for (ISymbol? current = type; current is INamedTypeSymbol or INamespaceSymbol { IsGlobalNamespace: false }; current = current.ContainingSymbol)
        {
            if (string.IsNullOrEmpty(current.Name))
            {
                return true;
            }
        }

        return false;
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

    // The input layer, then each layer after it with its activation; with a cell, the hidden layers are cells.
    private static EquatableArray<LayerSpec> Layers(ImmutableArray<int> sizes, Activation[] activations, Cell cell) =>
        sizes.Select((size, layer) => layer == 0 ? LayerSpec.Input(size)
            : layer < sizes.Length - 1 && cell != Cell.None ? LayerSpec.Recurrent(size, KindOf(cell))
            : LayerSpec.Dense(size, activations[layer - 1])).ToEquatableArray();

    private static LayerKind KindOf(Cell cell) => cell switch
    {
        Cell.GRU => LayerKind.Gru,
        Cell.LSTM => LayerKind.Lstm,
        Cell.None => LayerKind.Dense,
        _ => throw new System.ArgumentOutOfRangeException(nameof(cell), cell, "No layer kind for this cell."),
    };

    private static NetworkSpec CreateSpec(INamedTypeSymbol type, EquatableArray<LayerSpec> layerSpecs, NetworkOptions options, string attribute, Compilation compilation)
    {
        int[] layers = [.. layerSpecs.Select(layer => layer.Size)];
        bool recurrent = layerSpecs.Any(layer => layer.IsRecurrent);
        // SIMD batch paths need Vector256/512.Exp and a network small enough to stay fully optimised.
        bool vectorize = HasVectorExp(compilation) && (recurrent || Topology.CountParameters(layers) <= NetworkLimits.MaxVectorized(options.Optimizer));
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
            layerSpecs,
            hintName,
            TypeShapeChecks.NeedsAutoLayout(type),
            Vectorize: vectorize,
            // Recurrent cells loop over their gates in the blocked layout, whatever their size.
            recurrent ? NetworkLayout.Blocked : NetworkLimits.LayoutFor(Topology.CountParameters(layers), options.Optimizer),
            options,
            attribute);
    }

    // Vector256.Exp and Vector512.Exp arrived in .NET 9; on older targets the batch methods stay scalar.
    private static bool HasVectorExp(Compilation compilation) =>
        compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector256")?.GetMembers("Exp").Any() == true
        && compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector512")?.GetMembers("Exp").Any() == true;

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
}
