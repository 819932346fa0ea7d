using Microsoft.CodeAnalysis;
using Unrolled.Generator;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The parser refuses a user's member that a generated one would clash with (UNR008), so the list of
/// names it checks, <c>GeneratedNames.AllMembers</c>, must hold every member the emitter declares: a name
/// left out surfaces as the compiler's CS0102 inside the generated file instead of a diagnostic that says
/// what to rename. The members are read from the compiled type, for every optimizer in both layouts.
/// </summary>
public sealed class GeneratedMemberNamesTests
{
    public static TheoryData<string, string> Networks => new()
    {
        // 2-4-1: 17 parameters, straight-line; 30-10-1: 321, blocked with every optimizer.
        { "2, 4, 1", "Sgd" }, { "2, 4, 1", "Momentum" }, { "2, 4, 1", "Adam" }, { "2, 4, 1", "Rprop" },
        { "30, 10, 1", "Sgd" }, { "30, 10, 1", "Momentum" }, { "30, 10, 1", "Adam" }, { "30, 10, 1", "Rprop" },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Every_member_the_network_declares_is_a_name_the_parser_checks(string layers, string optimizer)
    {
        GeneratorRun run = GeneratorHarness.Run($"[Unrolled.Network({layers}, Optimizer = Unrolled.Optimizer.{optimizer})] public partial class Net {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        INamedTypeSymbol type = run.Output.GetTypeByMetadataName("Net")!;
        int[] sizes = [.. layers.Split(", ").Select(int.Parse)];
        var options = Unrolled.Generator.Model.NetworkOptions.Default with { Optimizer = Enum.Parse<Unrolled.Generator.Model.Optimizer>(optimizer) };
        var checkedNames = new HashSet<string>(GeneratedNames.AllMembers(sizes, options), StringComparer.Ordinal);

        string[] declared = [.. type.GetMembers().Where(member => !member.IsImplicitlyDeclared && member.CanBeReferencedByName).Select(member => member.Name).Distinct()];
        Assert.NotEmpty(declared);
        string[] notChecked = [.. declared.Where(name => !checkedNames.Contains(name))];
        Assert.Empty(notChecked);
    }

    [Fact]
    public void A_user_member_named_like_the_blocked_layouts_spare_state_is_UNR008()
    {
        GeneratorRun run = GeneratorHarness.Run("[Unrolled.Network(30, 10, 1, Optimizer = Unrolled.Optimizer.Momentum)] public partial class Net { private int _v_spare; }");
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("UNR008", diagnostic.Id);
        Assert.Contains("_v_spare", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
