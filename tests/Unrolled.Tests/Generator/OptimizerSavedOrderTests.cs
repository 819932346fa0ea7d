using Unrolled.Generator;
using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Tests.Generator;

using Optimizer = Unrolled.Generator.Model.Optimizer;
using OptimizerState = Unrolled.Generator.Model.OptimizerState;

/// <summary>
/// The saved file's optimizer state is counted once (<c>OptimizerState.Count</c>, which the runtime's reader
/// and the generated StateCount use) and named once (each optimizer's <c>OptimizerCode.SavedOrder</c>, which
/// the generated CopyOptimizerStateTo and SetOptimizerState write): the two must agree for every optimizer.
/// </summary>
public sealed class OptimizerSavedOrderTests
{
    public static TheoryData<Optimizer> Optimizers => [.. Enum.GetValues<Optimizer>()];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void The_names_of_the_saved_state_are_as_many_as_the_state_count(Optimizer optimizer)
    {
        string[] fields = [.. GeneratedNames.ParameterFields([3, 4, 2])];
        string[] saved = [.. OptimizerCode.For(optimizer).SavedOrder(fields)];
        Assert.Equal(OptimizerState.Count(optimizer, fields.Length), saved.Length);
        Assert.Equal(saved.Length, saved.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Adam_saves_its_bias_corrections_then_every_m_then_every_v()
    {
        string[] saved = [.. OptimizerCode.For(Optimizer.Adam).SavedOrder(["_w1_0_0", "_b1_0"])];
        Assert.Equal(["_beta1Correction", "_beta2Correction", "_m_w1_0_0", "_m_b1_0", "_v_w1_0_0", "_v_b1_0"], saved);
    }
}
