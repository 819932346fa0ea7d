namespace Unrolled.Generator.Model;

/// <summary>A type that encloses the network type, outermost first, e.g. <c>("class", "Outer")</c>.</summary>
/// <param name="Keyword">The declaration keyword(s): <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c> or <c>interface</c>.</param>
/// <param name="Name">The type's name as written in C#, escaped if it is a keyword.</param>
internal sealed record ContainingTypeSpec(string Keyword, string Name);
