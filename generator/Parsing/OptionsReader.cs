using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unrolled.Generator.Diagnostics;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>Reads the named options of <c>[Network(..., Name = value)]</c>; an option left out keeps its default.</summary>
internal static class OptionsReader
{
    public const string PrecisionName = "Precision";

    /// <summary>The <c>Precision</c> option, or null (with a diagnostic) when it names no member of the enum.</summary>
    public static Precision? ReadPrecision(AttributeData attribute, AttributeSyntax syntax, string displayName, DiagnosticList diagnostics)
    {
        foreach (var option in attribute.NamedArguments)
        {
            if (option.Key != PrecisionName)
            {
                continue;
            }

            // A cast such as (Precision)7 compiles, so every value the enum does not name is checked here.
            if (option.Value.Value is int value && value is (int)Precision.Double or (int)Precision.Single)
            {
                return (Precision)value;
            }

            string text = option.Value.Value is int other ? other.ToString(CultureInfo.InvariantCulture) : "a non-constant value";
            diagnostics.Add(DiagnosticDescriptors.UnknownPrecision, OptionLocation(syntax, PrecisionName), displayName, text);
            return null;
        }

        return Precision.Double;
    }

    private static LocationInfo? OptionLocation(AttributeSyntax syntax, string name) =>
        syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name) is { } argument
            ? LocationInfo.From(argument.Expression)
            : LocationInfo.From(syntax);
}
