using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Generator.Diagnostics;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>Reads the layer sizes of <c>[Network(...)]</c> and checks them against the rules and the size limit.</summary>
internal static class LayerReader
{
    /// <summary>The layer sizes, or null when the attribute is malformed in a way the compiler itself reports.</summary>
    public static ImmutableArray<int>? Read(AttributeData attribute, AttributeSyntax syntax, string displayName, DiagnosticList diagnostics)
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
            diagnostics.Add(DiagnosticDescriptors.TooFewLayers, syntax, displayName, "null instead of layer sizes");
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

    /// <summary>Reports every rule the sizes break; true when they describe a network the generator unrolls.</summary>
    public static bool Check(ImmutableArray<int> layers, AttributeSyntax syntax, string displayName, DiagnosticList diagnostics)
    {
        if (layers.Length < 2)
        {
            if (!diagnostics.Contains(DiagnosticDescriptors.TooFewLayers))
            {
                diagnostics.Add(DiagnosticDescriptors.TooFewLayers, syntax, displayName, layers.Length == 0 ? "no layer sizes" : "only one layer size");
            }

            return false;
        }

        bool valid = true;
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] < 1)
            {
                diagnostics.Add(DiagnosticDescriptors.LayerSizeTooSmall, SizeLocation(syntax, i, layers.Length), Text(i), displayName, Text(layers[i]));
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
            string count = parameters == long.MaxValue ? "more than " + Text(long.MaxValue) : Text(parameters);
            diagnostics.Add(DiagnosticDescriptors.TooManyParameters, syntax, displayName,
                string.Join("-", layers.Select(Text)), count, Text(NetworkLimits.MaxParameters));
            return false;
        }

        return true;
    }

    /// <summary>
    /// Adam and Rprop keep two numbers per parameter, which CopyOptimizerStateTo and Save hold in one span: a network
    /// small enough for its parameters' array can still be too large for that (StateCount would not be an int).
    /// </summary>
    public static void CheckOptimizerStateFits(ImmutableArray<int> layers, Optimizer optimizer, AttributeSyntax syntax, string displayName, DiagnosticList diagnostics)
    {
        long state = OptimizerState.Count(optimizer, Topology.CountParameters(layers));
        if (state > NetworkLimits.MaxParameters)
        {
            diagnostics.Add(DiagnosticDescriptors.OptimizerStateTooLarge, syntax, displayName,
                string.Join("-", layers.Select(Text)), optimizer.ToString(), Text(state), Text(NetworkLimits.MaxParameters));
        }
    }

    /// <summary>A struct has no constructor that always runs, so it cannot own the blocked layout's arrays.</summary>
    public static void CheckLayoutFitsType(ImmutableArray<int> layers, Optimizer optimizer, INamedTypeSymbol type, AttributeSyntax syntax, string displayName, DiagnosticList diagnostics)
    {
        long parameters = Topology.CountParameters(layers);
        if (type.TypeKind == TypeKind.Struct && NetworkLimits.LayoutFor(parameters, optimizer) == NetworkLayout.Blocked)
        {
            diagnostics.Add(DiagnosticDescriptors.LargeNetworkInStruct, syntax, displayName,
                string.Join("-", layers.Select(Text)), Text(parameters), Text(NetworkLimits.MaxStraightLine(optimizer)));
        }
    }

    // Points at the offending size itself: one argument per layer for the params form, or an
    // element of an array or collection expression passed as the single argument.
    private static LocationInfo? SizeLocation(AttributeSyntax syntax, int index, int count)
    {
        SeparatedSyntaxList<AttributeArgumentSyntax> arguments = syntax.ArgumentList?.Arguments ?? default;
        if (arguments.Count == count)
        {
            return LocationInfo.From(arguments[index].Expression);
        }

        if (arguments.Count == 1)
        {
            ExpressionSyntax? element = arguments[0].Expression switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } init } when init.Expressions.Count == count => init.Expressions[index],
                ImplicitArrayCreationExpressionSyntax { Initializer: { } init } when init.Expressions.Count == count => init.Expressions[index],
#if ROSLYN4_14
                // Collection expressions are C# 12; Roslyn 4.3 neither parses nor models them.
                CollectionExpressionSyntax collection when collection.Elements.Count == count
                    && collection.Elements[index] is ExpressionElementSyntax { Expression: var expression } => expression,
#endif
                _ => null,
            };
            if (element is not null)
            {
                return LocationInfo.From(element);
            }
        }

        return LocationInfo.From(syntax);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
