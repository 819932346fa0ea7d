using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Generator.Diagnostics;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Checks that the annotated type, and every type around it, can receive generated members: each
/// check reads the symbol, so a modifier written on another partial part counts too.
/// </summary>
internal static class TypeShapeChecks
{
    /// <summary>The oldest C# the generated code compiles under: it uses <c>#nullable</c> and readonly struct members.</summary>
    public const LanguageVersion MinimumLanguageVersion = LanguageVersion.CSharp8;

    private const string UsePartialClassOrStruct = "declare it as a partial class or partial struct";

    public static void Check(TypeDeclarationSyntax declaration, AttributeSyntax attribute, INamedTypeSymbol type, string displayName,
        DiagnosticList diagnostics, CancellationToken cancellationToken)
    {
        if (declaration.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: var version } && version < MinimumLanguageVersion)
        {
            diagnostics.Add(DiagnosticDescriptors.LanguageVersionTooOld, attribute, displayName, version.ToDisplayString());
        }

        CheckKind(declaration, type, displayName, diagnostics, cancellationToken);

        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticDescriptors.TypeNotPartial, declaration.Identifier, displayName);
        }

        if (declaration.TypeParameterList is { } typeParameters)
        {
            diagnostics.Add(DiagnosticDescriptors.GenericType, typeParameters, displayName);
        }

        CheckStructLayout(type, displayName, diagnostics, cancellationToken);
        CheckContainingTypes(declaration, type, displayName, diagnostics, cancellationToken);
    }

    private static void CheckKind(TypeDeclarationSyntax declaration, INamedTypeSymbol type, string displayName, DiagnosticList diagnostics, CancellationToken cancellationToken)
    {
        if (type.IsRecord)
        {
            SyntaxToken keyword = type.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken)).OfType<RecordDeclarationSyntax>()
                .Select(r => r.Keyword).FirstOrDefault();
            diagnostics.Add(DiagnosticDescriptors.UnsupportedTypeKind, keyword == default ? LocationInfo.From(declaration.Identifier) : LocationInfo.From(keyword),
                displayName, "a record", UsePartialClassOrStruct);
        }

        ReportModifier(type.IsStatic, SyntaxKind.StaticKeyword, "static");
        ReportModifier(type.TypeKind == TypeKind.Struct && type.IsReadOnly, SyntaxKind.ReadOnlyKeyword, "a readonly struct");
        ReportModifier(type.IsRefLikeType, SyntaxKind.RefKeyword, "a ref struct");
#if ROSLYN4_14
        ReportModifier(IsFileLocal(type, cancellationToken), SyntaxKind.FileKeyword, "file-local");
#endif

        void ReportModifier(bool present, SyntaxKind modifier, string description)
        {
            if (present)
            {
                diagnostics.Add(DiagnosticDescriptors.UnsupportedTypeKind, ModifierLocation(type, modifier, cancellationToken) ?? LocationInfo.From(declaration.Identifier),
                    displayName, description, UsePartialClassOrStruct);
            }
        }
    }

    // Generated fields carry no [FieldOffset] (explicit layout: CS0625), and fields split across
    // partial parts have no defined order (sequential layout: CS0282). Without a layout of the
    // user's, the emitter marks the struct LayoutKind.Auto.
    private static void CheckStructLayout(INamedTypeSymbol type, string displayName, DiagnosticList diagnostics, CancellationToken cancellationToken)
    {
        if (type.TypeKind != TypeKind.Struct || StructLayout(type) is not { } layout || layout.Kind == LayoutKindAuto)
        {
            return;
        }

        bool hasOwnFields = type.GetMembers().OfType<IFieldSymbol>().Any(f => !f.IsStatic && !f.IsConst);
        if (layout.Kind == LayoutKindExplicit || hasOwnFields)
        {
            string kind = layout.Kind == LayoutKindExplicit ? "Explicit" : "Sequential";
            diagnostics.Add(DiagnosticDescriptors.UnsupportedTypeKind,
                LocationInfo.From(layout.Attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()),
                displayName, $"a struct with [StructLayout(LayoutKind.{kind})]", "remove the [StructLayout] attribute or use LayoutKind.Auto");
        }
    }

    private static void CheckContainingTypes(TypeDeclarationSyntax declaration, INamedTypeSymbol type, string displayName, DiagnosticList diagnostics, CancellationToken cancellationToken)
    {
        INamedTypeSymbol? containingSymbol = type.ContainingType;
        foreach (TypeDeclarationSyntax container in declaration.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            string containerName = container.Identifier.ValueText;
            if (!container.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticDescriptors.ContainingTypeNotPartial, container.Identifier, containerName, displayName);
            }

            if (container.TypeParameterList is { } containerTypeParameters)
            {
                diagnostics.Add(DiagnosticDescriptors.GenericType, containerTypeParameters, containerName);
            }

#if ROSLYN4_14
            // The generated part of a file-local type would be a different type in another file.
            if (containingSymbol is not null && IsFileLocal(containingSymbol, cancellationToken))
            {
                diagnostics.Add(DiagnosticDescriptors.UnsupportedTypeKind,
                    ModifierLocation(containingSymbol, SyntaxKind.FileKeyword, cancellationToken) ?? LocationInfo.From(container.Identifier),
                    containerName, "file-local and contains the network '" + displayName + "'", "remove the 'file' modifier or move the network out");
            }
#endif

            containingSymbol = containingSymbol?.ContainingType;
        }
    }

#if ROSLYN4_14
    // The 'file' modifier is C# 11: Roslyn 4.3 parses no file-local types, so its build needs no check.
    private static bool IsFileLocal(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        ModifierLocation(type, SyntaxKind.FileKeyword, cancellationToken) is not null;
#endif

    /// <summary>Where a modifier is written on any partial part of the type, or null if none has it.</summary>
    private static LocationInfo? ModifierLocation(INamedTypeSymbol type, SyntaxKind modifier, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax part)
            {
                SyntaxToken token = part.Modifiers.FirstOrDefault(m => m.IsKind(modifier));
                if (token != default)
                {
                    return LocationInfo.From(token);
                }
            }
        }

        return null;
    }

    private const int LayoutKindExplicit = 2;
    private const int LayoutKindAuto = 3;

    private static (AttributeData Attribute, int Kind)? StructLayout(INamedTypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "System.Runtime.InteropServices.StructLayoutAttribute"
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is int or short)
            {
                return (attribute, System.Convert.ToInt32(attribute.ConstructorArguments[0].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    /// <summary>True when the emitter should mark a struct LayoutKind.Auto: it is a struct without a layout of its own.</summary>
    public static bool NeedsAutoLayout(INamedTypeSymbol type) => type.TypeKind == TypeKind.Struct && StructLayout(type) is null;
}
