using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// The MSBuild properties a build makes visible to the compiler (<c>build_property.Name</c> in the
/// generated global .editorconfig), such as the <c>ProjectDir</c> that every SDK project passes.
/// </summary>
internal sealed class BuildProperties(IReadOnlyDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
{
    private readonly Options _global = new(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value, StringComparer.Ordinal));

    public override AnalyzerConfigOptions GlobalOptions => _global;

    public static BuildProperties ProjectDir(string directory) => new(new Dictionary<string, string> { ["ProjectDir"] = directory });

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new([]);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
