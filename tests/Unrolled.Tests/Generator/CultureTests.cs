using System.Globalization;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The generated source is the same, byte for byte, whatever culture the compiler runs under:
/// number literals, counts and names never go through the current culture.
/// </summary>
public sealed class CultureTests
{
    private const string Networks = """
        using Unrolled;
        namespace Demo;
        [Network(2, 4, 1)] public partial class Xor;
        [Network(3, 5, 2, Hidden = Activation.LeakyReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, Beta1 = 0.85, Beta2 = 0.9995, Epsilon = 1.5e-7)] public partial class Adam;
        [Network(2, 3, 1, Precision = Precision.Single, Optimizer = Optimizer.Momentum, Momentum = 0.75)] public partial class Single;
        [Network(1234, 56, 7)] public partial class Blocked;
        """;

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("tr-TR")]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    [InlineData("hi-IN")]
    public void Generated_source_is_byte_identical_under_every_culture(string name)
    {
        string[] invariant = Generate(CultureInfo.InvariantCulture);
        string[] other = Generate(CultureInfo.GetCultureInfo(name));
        Assert.Equal(invariant.Length, other.Length);
        for (int file = 0; file < invariant.Length; file++)
        {
            Assert.Equal(invariant[file], other[file]);
        }
    }

    private static string[] Generate(CultureInfo culture)
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        CultureInfo savedUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            GeneratorRun run = GeneratorHarness.Run(Networks);
            Assert.Empty(run.GeneratorDiagnostics);
            return [.. run.Sources.OrderBy(s => s.HintName, StringComparer.Ordinal).Select(s => s.SourceText.ToString())];
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }
}
