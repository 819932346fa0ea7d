using Unrolled.Generator.Emit.Shared;
using Unrolled.Generator.Model;
using GeneratorLoss = Unrolled.Generator.Model.Loss;
using GeneratorPrecision = Unrolled.Generator.Model.Precision;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The `?:` and `if` chains that used to treat every value but one alike (any loss but cross-entropy
/// as squared error, any precision but Single as Double) now name each value and throw on one they do
/// not know. A value past the last member stands for a member added later and not yet handled.
/// </summary>
public sealed class UnknownEnumValueTests
{
    private const int Unknown = 99;

    private static NetworkShape ShapeWith(NetworkOptions options) =>
        new([LayerSpec.Input(2), LayerSpec.Dense(1, Unrolled.Generator.Model.Activation.Sigmoid)], options);

    [Fact]
    public void An_unknown_precision_has_no_number_type() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberType.For((GeneratorPrecision)Unknown));

    [Fact]
    public void An_unknown_loss_has_no_formula_name_or_output_delta()
    {
        NetworkShape shape = ShapeWith(NetworkOptions.Default with { Loss = (GeneratorLoss)Unknown });
        Assert.Throws<ArgumentOutOfRangeException>(() => LossCode.For(shape));
    }

    [Fact]
    public void A_saved_file_of_an_unknown_precision_has_no_size()
    {
        var description = new NetworkDescription([2, 1], Unrolled.Activation.Sigmoid, Unrolled.Activation.Sigmoid,
            Unrolled.Loss.SquaredError, Unrolled.Optimizer.Sgd, (Unrolled.Precision)Unknown);
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkFormat.FileSize(description));
    }
}
