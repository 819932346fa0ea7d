using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Unrolled.Generator.Model;

namespace Unrolled.Generator.Parsing;

/// <summary>Collects the diagnostics of one declaration as equatable values.</summary>
internal sealed class DiagnosticList
{
    private readonly List<DiagnosticInfo> _items = [];

    public int Count => _items.Count;

    public bool Contains(DiagnosticDescriptor descriptor) => _items.Exists(d => d.DescriptorId == descriptor.Id);

    public void Add(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] args) => Add(descriptor, LocationInfo.From(node), args);

    public void Add(DiagnosticDescriptor descriptor, SyntaxToken token, params string[] args) => Add(descriptor, LocationInfo.From(token), args);

    public void Add(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args) =>
        _items.Add(new DiagnosticInfo(descriptor.Id, location, args.ToEquatableArray()));

    public EquatableArray<DiagnosticInfo> ToEquatableArray() => _items.ToEquatableArray();
}
