using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Generator.Diagnostics;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Reads each layer's activation: from <c>Activations</c>, one per layer after the input, or from
/// <c>Hidden</c> and <c>Output</c>, which give every hidden layer one activation and the output
/// layer another. Each mistake is a diagnostic at the argument, or the list entry, to change.
/// </summary>
internal static class ActivationsReader
{
    public const string Hidden = nameof(Hidden);
    public const string Output = nameof(Output);
    public const string Activations = nameof(Activations);

    /// <summary>
    /// The activation of each layer after the input, or null when a diagnostic was reported. With
    /// <paramref name="sizes"/> null or too short to be a network, the activations are read but not counted.
    /// </summary>
    public static Activation[]? Read(AttributeData attribute, AttributeSyntax syntax, ImmutableArray<int>? sizes, string displayName, DiagnosticList diagnostics)
    {
        int errors = diagnostics.Count;
        var arguments = new NamedArguments(attribute, syntax);
        Activation hidden = arguments.Enum(Hidden, Activation.Sigmoid, displayName, diagnostics);
        Activation output = arguments.Enum(Output, Activation.Sigmoid, displayName, diagnostics);
        int layersAfterInput = sizes is { Length: >= 2 } known ? known.Length - 1 : -1;
        Activation[]? activations = arguments.Value(Activations) is ImmutableArray<TypedConstant> listed
            ? ReadList(listed, arguments, layersAfterInput, displayName, diagnostics)
            : ReadHiddenAndOutput(hidden, output, arguments, layersAfterInput, displayName, diagnostics);
        if (activations is { Length: > 0 } && activations[activations.Length - 1] == Activation.Softmax && sizes is { Length: >= 2 } layers && layers[layers.Length - 1] == 1)
        {
            LocationInfo? location = arguments.Value(Activations) is ImmutableArray<TypedConstant> list
                ? arguments.Entry(Activations, list.Length - 1)
                : arguments.Location(Output);
            diagnostics.Add(DiagnosticDescriptors.SoftmaxSingleOutput, location, displayName);
        }

        return diagnostics.Count == errors ? activations : null;
    }

    // Activations = new[] { ... }: one entry per layer after the input, none of them Hidden or Output too.
    private static Activation[]? ReadList(ImmutableArray<TypedConstant> listed, NamedArguments arguments, int layersAfterInput, string displayName, DiagnosticList diagnostics)
    {
        foreach (string both in new[] { Hidden, Output }.Where(name => arguments.Value(name) is not null))
        {
            LocationInfo? location = arguments.Argument(both) is { } argument ? LocationInfo.From(argument) : arguments.Location(both);
            diagnostics.Add(DiagnosticDescriptors.ActivationsWithHiddenOrOutput, location, displayName, both);
        }

        var activations = new Activation[listed.Length];
        for (int entry = 0; entry < listed.Length; entry++)
        {
            TypedConstant value = listed[entry];
            if (value.Kind == TypedConstantKind.Error)
            {
                return null;    // the compiler reports it
            }

            if (value.Value is not int number || !Enum.IsDefined(typeof(Activation), number))
            {
                diagnostics.Add(DiagnosticDescriptors.UnknownOptionValue, arguments.Entry(Activations, entry),
                    displayName, $"{Activations}[{entry}]", value.Value?.ToString() ?? "null", nameof(Activation), Choices(all: true));
                return null;
            }

            activations[entry] = (Activation)number;
        }

        if (layersAfterInput >= 0 && activations.Length != layersAfterInput)
        {
            diagnostics.Add(DiagnosticDescriptors.ActivationCountMismatch, arguments.Location(Activations), displayName,
                Count(activations.Length, "activation"), Count(layersAfterInput, "layer"),
                layersAfterInput == 1 ? "the output layer" : Count(layersAfterInput - 1, "hidden layer") + " and the output layer");
            return activations;
        }

        for (int entry = 0; entry < activations.Length - 1; entry++)
        {
            if (activations[entry] == Activation.Softmax)
            {
                diagnostics.Add(DiagnosticDescriptors.SoftmaxInHiddenLayer, arguments.Entry(Activations, entry), displayName,
                    $"hidden layer {entry + 1} (Activations[{entry}])", Choices(all: false) + " for it, and Softmax for the output layer only");
            }
        }

        return activations;
    }

    // Hidden and Output: every hidden layer the one, the output layer the other.
    private static Activation[]? ReadHiddenAndOutput(Activation hidden, Activation output, NamedArguments arguments, int layersAfterInput, string displayName, DiagnosticList diagnostics)
    {
        if (hidden == Activation.Softmax)
        {
            diagnostics.Add(DiagnosticDescriptors.SoftmaxInHiddenLayer, arguments.Location(Hidden), displayName, "the hidden layers (Hidden)",
                Choices(all: false) + " for the hidden layers");
        }

        int count = Math.Max(layersAfterInput, 1);
        return [.. Enumerable.Range(0, count).Select(layer => layer == count - 1 ? output : hidden)];
    }

    // "Activation.Sigmoid, ... or Activation.SiLU", Softmax left out where only the output layer may have it.
    private static string Choices(bool all)
    {
        string[] names = [.. Enum.GetNames(typeof(Activation)).Where(name => all || name != nameof(Activation.Softmax)).Select(name => "Activation." + name)];
        return string.Join(", ", names.Take(names.Length - 1)) + " or " + names[names.Length - 1];
    }

    private static string Count(int value, string noun) =>
        value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + noun + (value == 1 ? string.Empty : "s");

    /// <summary>The attribute's named arguments: their constant values and where each is written.</summary>
    private sealed class NamedArguments(AttributeData attribute, AttributeSyntax syntax)
    {
        /// <summary>The constant an option is set to: an int for an enum, the entries for an array; null when not set, set to null or not constant.</summary>
        public object? Value(string name)
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

        public Activation Enum(string name, Activation fallback, string displayName, DiagnosticList diagnostics)
        {
            if (Value(name) is not { } value)
            {
                return fallback;
            }

            if (value is int number && System.Enum.IsDefined(typeof(Activation), number))
            {
                return (Activation)number;
            }

            diagnostics.Add(DiagnosticDescriptors.UnknownOptionValue, Location(name), displayName, name, value.ToString(), nameof(Activation), Choices(all: true));
            return fallback;
        }

        public AttributeArgumentSyntax? Argument(string name) =>
            syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

        public LocationInfo? Location(string name) =>
            Argument(name) is { } argument ? LocationInfo.From(argument.Expression) : LocationInfo.From(syntax);

        /// <summary>Where entry <paramref name="index"/> of an array option is written, or the whole option when the entries cannot be told apart.</summary>
        public LocationInfo? Entry(string name, int index)
        {
            if (Argument(name) is not { } argument)
            {
                return LocationInfo.From(syntax);
            }

            SyntaxNode? entry = argument.Expression switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } initializer } => At(initializer.Expressions, index),
                ImplicitArrayCreationExpressionSyntax { Initializer: { } initializer } => At(initializer.Expressions, index),
#if ROSLYN4_14
                CollectionExpressionSyntax collection => collection.Elements.Count > index && collection.Elements[index] is ExpressionElementSyntax element
                    ? element.Expression
                    : null,
#endif
                _ => null,
            };
            return LocationInfo.From(entry ?? argument.Expression);
        }

        private static ExpressionSyntax? At(SeparatedSyntaxList<ExpressionSyntax> expressions, int index) =>
            index < expressions.Count ? expressions[index] : null;
    }
}
