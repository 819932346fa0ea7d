using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Generator.Diagnostics;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Reads <c>Cell</c>: what every hidden layer is. A cell computes its own gates, so an activation
/// for a hidden layer and a network without a hidden layer are each a diagnostic at the argument to
/// change. Whether a frozen network's weights file holds these cells is the WeightsResolver's to say.
/// </summary>
internal static class CellReader
{
    public const string Cell = nameof(Model.Cell);

    /// <summary>The cell, or null when a diagnostic was reported.</summary>
    public static Cell? Read(AttributeData attribute, AttributeSyntax syntax, ImmutableArray<int>? sizes, string displayName, DiagnosticList diagnostics)
    {
        if (Value(attribute, Cell) is not { } value)
        {
            return Model.Cell.None;
        }

        if (value is not int number || !System.Enum.IsDefined(typeof(Cell), number))
        {
            string[] names = System.Enum.GetNames(typeof(Cell));
            string choices = string.Join(", ", names.Take(names.Length - 1).Select(n => "Cell." + n)) + " or Cell." + names[names.Length - 1];
            diagnostics.Add(DiagnosticDescriptors.UnknownOptionValue, Location(syntax, Cell), displayName, Cell, value.ToString(), Cell, choices);
            return null;
        }

        var cell = (Cell)number;
        if (cell == Model.Cell.None)
        {
            return cell;
        }

        int errors = diagnostics.Count;
        foreach (string option in new[] { ActivationsReader.Hidden, ActivationsReader.Activations })
        {
            if (Value(attribute, option) is not null)
            {
                diagnostics.Add(DiagnosticDescriptors.CellSetsHiddenActivation, WholeArgument(syntax, option), displayName, option, cell.ToString());
            }
        }

        if (sizes is { Length: 2 })
        {
            diagnostics.Add(DiagnosticDescriptors.CellNeedsHiddenLayer, Location(syntax, Cell), displayName, cell.ToString());
        }

        return diagnostics.Count == errors ? cell : null;
    }

    private static object? Value(AttributeData attribute, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> option in attribute.NamedArguments)
        {
            if (option.Key == name && option.Value.Kind != TypedConstantKind.Error && !option.Value.IsNull)
            {
                return option.Value.Kind == TypedConstantKind.Array ? option.Value.Values : option.Value.Value;
            }
        }

        return null;
    }

    // Name = value, as the other diagnostics about an option that must go point at it.
    private static LocationInfo? WholeArgument(AttributeSyntax syntax, string name) =>
        syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name) is { } argument
            ? LocationInfo.From(argument)
            : LocationInfo.From(syntax);

    private static LocationInfo? Location(AttributeSyntax syntax, string name) =>
        syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name) is { } argument
            ? LocationInfo.From(argument.Expression)
            : LocationInfo.From(syntax);
}
