namespace Unrolled.Tests.Generator;

/// <summary>
/// The generator cannot reference the runtime, so it keeps its own copies of the option enums and
/// reads attribute arguments by value. A member added, renamed or renumbered on one side only would
/// make the generator read an option as another one.
/// </summary>
public sealed class OptionEnumTests
{
    public static TheoryData<Type, Type> Pairs => new()
    {
        { typeof(Activation), typeof(Unrolled.Generator.Model.Activation) },
        { typeof(Loss), typeof(Unrolled.Generator.Model.Loss) },
        { typeof(Optimizer), typeof(Unrolled.Generator.Model.Optimizer) },
        { typeof(Precision), typeof(Unrolled.Generator.Model.Precision) },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void The_generator_s_copy_has_the_runtime_s_names_and_values_and_no_others(Type runtime, Type generator)
    {
        Assert.Equal(Members(runtime), Members(generator));
    }

    [Fact]
    public void A_member_missing_on_either_side_or_a_different_value_is_caught()
    {
        Assert.NotEqual(Members(typeof(Loss)), Members(typeof(Optimizer)));
        Assert.NotEqual(Members(typeof(Loss)), Members(typeof(Unrolled.Generator.Model.Precision)));
    }

    // Name and underlying value of every member, in value order, so both directions are compared.
    private static (string Name, long Value)[] Members(Type enumType) =>
        [.. Enum.GetNames(enumType).Select(name => (name, Convert.ToInt64(Enum.Parse(enumType, name), System.Globalization.CultureInfo.InvariantCulture))).OrderBy(m => m.Item2).ThenBy(m => m.name, StringComparer.Ordinal)];
}
