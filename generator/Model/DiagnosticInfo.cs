using Microsoft.CodeAnalysis;

namespace Unrolled.Generator.Model;

/// <summary>
/// A diagnostic waiting to be reported, as equatable values: the descriptor's id, where, and the
/// message arguments. Real <see cref="Diagnostic"/> objects are built only when reported.
/// </summary>
internal sealed record DiagnosticInfo(string DescriptorId, LocationInfo? Location, EquatableArray<string> MessageArgs)
{
    public Diagnostic ToDiagnostic()
    {
        DiagnosticDescriptor descriptor = Diagnostics.DiagnosticDescriptors.ById(DescriptorId);
        object?[] args = new object?[MessageArgs.Count];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = MessageArgs[i];
        }

        return Diagnostic.Create(descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, args);
    }
}
