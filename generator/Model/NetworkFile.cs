namespace Unrolled.Generator.Model;

/// <summary>One generated file: its final, unique name and the network it holds.</summary>
internal sealed record NetworkFile(string HintName, NetworkSpec Spec);
