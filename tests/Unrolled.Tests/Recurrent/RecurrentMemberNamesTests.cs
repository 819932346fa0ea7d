using Microsoft.CodeAnalysis;
using Unrolled.Generator;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Recurrent;

/// <summary>
/// The parser refuses a user's member that a generated one would clash with (UNR008) by the names in
/// <c>RecurrentNames.AllMembers</c>, so that list must hold every member a recurrent network declares, Save,
/// Load and the optimizer's state among them, and every member of a frozen one.
/// </summary>
public sealed class RecurrentMemberNamesTests
{
    public static TheoryData<string> Optimizers => new() { "Sgd", "Momentum", "Adam", "Rprop" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Every_member_a_recurrent_network_declares_is_a_name_the_parser_checks(string optimizer) =>
        AssertChecked(GeneratorHarness.Run($"[Unrolled.Network(2, 4, 3, 1, Cell = Unrolled.Cell.LSTM, Optimizer = Unrolled.Optimizer.{optimizer})] public partial class Net {{ }}"), 4);

    [Fact]
    public void Every_member_a_frozen_recurrent_network_declares_is_a_name_the_parser_checks()
    {
        var trained = (IRecurrentNetwork)NetworkAssembly.Build(RecurrentPersistenceTests.Source("Net", "2, 4, 3, 1, Cell = Cell.GRU")).CreateObject("Demo.Net");
        string text = SavedNetworks.Text(path => NetworkFile.SaveAsText(trained, path));
        AssertChecked(GeneratorHarness.Run([new InMemoryAdditionalText("/project/net.unrolled", text)],
            "[Unrolled.Network(2, 4, 3, 1, Cell = Unrolled.Cell.GRU, Weights = \"net.unrolled\")] public partial class Net { }"), 4);
    }

    private static void AssertChecked(GeneratorRun run, int layerCount)
    {
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var checkedNames = new HashSet<string>(RecurrentNames.AllMembers(layerCount), StringComparer.Ordinal);
        string[] declared = [.. run.Output.GetTypeByMetadataName("Net")!.GetMembers()
            .Where(member => !member.IsImplicitlyDeclared && member.CanBeReferencedByName).Select(member => member.Name).Distinct()];
        Assert.NotEmpty(declared);
        string[] notChecked = [.. declared.Where(name => !checkedNames.Contains(name))];
        Assert.Empty(notChecked);
    }
}
