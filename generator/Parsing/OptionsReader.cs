using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Generator.Diagnostics;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>
/// Reads and checks the named options of <c>[Network(..., Name = value)]</c>. An option left out
/// keeps its default; a value the enum does not name, a combination that cannot train and a
/// hyper-parameter out of range are each a diagnostic at the option that has to change.
/// </summary>
internal static class OptionsReader
{
    // The hyper-parameters each optimizer reads; the others would be set and silently ignored.
    private static readonly (string Option, Optimizer ReadBy)[] s_optimizerOptions =
    [
        (nameof(NetworkOptions.Momentum), Optimizer.Momentum),
        (nameof(NetworkOptions.Beta1), Optimizer.Adam),
        (nameof(NetworkOptions.Beta2), Optimizer.Adam),
        (nameof(NetworkOptions.Epsilon), Optimizer.Adam),
    ];

    // What only training reads. A frozen network (Weights = "file") predicts with the layers, their
    // activations and Precision, which must match its file; setting any of these is a mistake to report.
    private static readonly string[] s_trainingOptions =
    [
        nameof(NetworkOptions.Loss),
        nameof(NetworkOptions.Optimizer),
        nameof(NetworkOptions.Momentum),
        nameof(NetworkOptions.Beta1),
        nameof(NetworkOptions.Beta2),
        nameof(NetworkOptions.Epsilon),
    ];

    /// <summary>The options, or null when a diagnostic was reported.</summary>
    /// <param name="output">The output layer's activation, which decides the losses it can train with; null when it could not be read.</param>
    public static NetworkOptions? Read(AttributeData attribute, AttributeSyntax syntax, Activation? output, string displayName, DiagnosticList diagnostics)
    {
        bool frozen = IsFrozen(attribute);
        var reader = new Reader(attribute, syntax, displayName, diagnostics);
        NetworkOptions defaults = NetworkOptions.Default;
        Precision precision = reader.Enum(nameof(NetworkOptions.Precision), defaults.Precision);
        reader.Single = precision == Precision.Single;
        var options = new NetworkOptions(
            precision,
            reader.Enum(nameof(NetworkOptions.Loss), defaults.Loss),
            reader.Enum(nameof(NetworkOptions.Optimizer), defaults.Optimizer),
            reader.Fraction(nameof(NetworkOptions.Momentum), defaults.Momentum),
            reader.Fraction(nameof(NetworkOptions.Beta1), defaults.Beta1),
            reader.Fraction(nameof(NetworkOptions.Beta2), defaults.Beta2),
            reader.Positive(nameof(NetworkOptions.Epsilon), defaults.Epsilon));
        if (reader.Failed)
        {
            return null;
        }

        int errors = diagnostics.Count;
        if (frozen)
        {
            // The checks below are about training; a frozen network reports the options instead.
            foreach (string option in s_trainingOptions)
            {
                if (reader.Argument(option) is { } argument)
                {
                    diagnostics.Add(DiagnosticDescriptors.OptionNotReadByFrozenNetwork, argument, displayName, option);
                }
            }

            // It never computes a loss, but the layouts shape the forward pass for the loss: a softmax
            // output keeps what it needs with cross-entropy, the only loss it trains with.
            return diagnostics.Count == errors
                ? options with { Loss = output == Activation.Softmax ? Loss.CrossEntropy : Loss.SquaredError }
                : null;
        }

        if (output == Activation.Softmax && options.Loss != Loss.CrossEntropy)
        {
            string where = reader.Argument(ActivationsReader.Activations) is not null ? ActivationsReader.Activations : ActivationsReader.Output;
            diagnostics.Add(DiagnosticDescriptors.SoftmaxNeedsCrossEntropy, reader.Location(where), displayName);
        }

        if (options.Loss == Loss.CrossEntropy && output is { } probabilities && probabilities is not (Activation.Sigmoid or Activation.Softmax))
        {
            diagnostics.Add(DiagnosticDescriptors.CrossEntropyNeedsProbabilities, reader.Location(nameof(NetworkOptions.Loss)), displayName, probabilities.ToString());
        }

        foreach ((string option, Optimizer readBy) in s_optimizerOptions)
        {
            if (options.Optimizer != readBy && reader.Argument(option) is { } argument)
            {
                diagnostics.Add(DiagnosticDescriptors.OptionNotReadByOptimizer, argument, displayName, option, options.Optimizer.ToString(), readBy.ToString());
            }
        }

        return diagnostics.Count == errors ? options : null;
    }

    /// <summary>True when the attribute names a weights file: the network is frozen, whatever the path.</summary>
    public static bool IsFrozen(AttributeData attribute) => WeightsPath(attribute) is not null;

    /// <summary>
    /// The <c>Weights</c> option of a frozen network, or null for a network that trains, or (with a
    /// diagnostic) for an empty path, which names no file.
    /// </summary>
    public static FrozenWeights? ReadWeights(AttributeData attribute, AttributeSyntax syntax, string displayName, DiagnosticList diagnostics)
    {
        if (WeightsPath(attribute) is not { } file)
        {
            return null;
        }

        LocationInfo? location = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Weights") is { } argument
            ? LocationInfo.From(argument.Expression)
            : LocationInfo.From(syntax);
        if (string.IsNullOrWhiteSpace(file))
        {
            diagnostics.Add(DiagnosticDescriptors.WeightsPathEmpty, location, displayName);
            return null;
        }

        string[] activationArguments = [.. new[] { ActivationsReader.Activations, ActivationsReader.Hidden, ActivationsReader.Output }
            .Where(name => attribute.NamedArguments.Any(option => option.Key == name))];
        return new FrozenWeights(file, location, EquatableArray<long>.Empty) { ActivationArguments = activationArguments.ToEquatableArray() };
    }

    private static string? WeightsPath(AttributeData attribute)
    {
        foreach (KeyValuePair<string, TypedConstant> option in attribute.NamedArguments)
        {
            if (option.Key == "Weights" && option.Value.Value is string file)
            {
                return file;
            }
        }

        return null;
    }

    private sealed class Reader(AttributeData attribute, AttributeSyntax syntax, string displayName, DiagnosticList diagnostics)
    {
        public bool Failed { get; private set; }

        /// <summary>A float network keeps its hyper-parameters as float constants, so they are checked as floats.</summary>
        public bool Single { get; set; }

        public T Enum<T>(string name, T fallback, string? enumName = null)
            where T : struct, System.Enum
        {
            if (Value(name) is not { } value)
            {
                return fallback;
            }

            if (value is int number && System.Enum.IsDefined(typeof(T), number))
            {
                return (T)(object)number;
            }

            string type = enumName ?? typeof(T).Name;
            string[] names = System.Enum.GetNames(typeof(T));
            string choices = string.Join(", ", names.Take(names.Length - 1).Select(n => type + "." + n)) + " or " + type + "." + names[names.Length - 1];
            Report(DiagnosticDescriptors.UnknownOptionValue, name, Text(value), type, choices);
            return fallback;
        }

        /// <summary>A decay rate or momentum: 0 &lt;= value &lt; 1 (1 would never forget, and diverges).</summary>
        public double Fraction(string name, double fallback) =>
            Number(name, fallback, v => v >= 0 && AsStored(v) < 1, "a number from 0 up to, but not including, 1" + AsFloat);

        public double Positive(string name, double fallback) =>
            Number(name, fallback, v => AsStored(v) > 0 && !double.IsInfinity(AsStored(v)), "a finite number greater than 0" + AsFloat);

        // 0.99999999 is below 1 as a double but rounds to 1 as a float; 1e-50 rounds to 0.
        private double AsStored(double value) => Single ? (float)value : value;

        private string AsFloat => Single ? " once rounded to float, as this Precision.Single network stores it" : string.Empty;

        /// <summary>The whole <c>Name = value</c> argument, when the attribute sets the option to a valid constant.</summary>
        public AttributeArgumentSyntax? Argument(string name) =>
            Value(name) is null ? null : syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

        public LocationInfo? Location(string name) =>
            syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name) is { } argument
                ? LocationInfo.From(argument.Expression)
                : LocationInfo.From(syntax);

        private double Number(string name, double fallback, Func<double, bool> valid, string rule)
        {
            if (Value(name) is not { } value)
            {
                return fallback;
            }

            // NaN fails every comparison, so it is rejected along with the rest.
            if (value is double number && valid(number))
            {
                return number;
            }

            Report(DiagnosticDescriptors.HyperParameterOutOfRange, name, Text(value), rule);
            return fallback;
        }

        private object? Value(string name)
        {
            foreach (KeyValuePair<string, TypedConstant> option in attribute.NamedArguments)
            {
                if (option.Key == name)
                {
                    return option.Value.Kind == TypedConstantKind.Error ? null : option.Value.Value;
                }
            }

            return null;
        }

        private void Report(DiagnosticDescriptor descriptor, string name, params string[] args)
        {
            Failed = true;
            diagnostics.Add(descriptor, Location(name), [displayName, name, .. args]);
        }

        private static string Text(object value) => value switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "null",
        };
    }
}
