using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Runtime;

/// <summary>Wrong span lengths are the caller's mistake: an ArgumentException that names the parameter and both lengths.</summary>
public sealed class ArgumentValidationTests
{
    private readonly XorNetwork _network = new();

    [Fact]
    public void Predict_rejects_an_input_of_the_wrong_length() =>
        AssertRejected("input", "length 2", "is 3", () => _network.Predict(new double[3], new double[1]));

    [Fact]
    public void Predict_rejects_an_output_that_is_too_short() =>
        AssertRejected("output", "at least 1", "is 0", () => _network.Predict(new double[2], []));

    [Fact]
    public void Predict_accepts_a_longer_output_and_writes_only_its_start()
    {
        double[] output = [-1, -1, -1];
        _network.Predict(new double[2], output);
        Assert.Equal(0.5, output[0]); // all parameters zero: sigmoid(0)
        Assert.Equal([-1.0, -1.0], output[1..]);
    }

    [Fact]
    public void Train_rejects_an_input_of_the_wrong_length() =>
        AssertRejected("input", "length 2", "is 1", () => _network.Train(new double[1], new double[1], 0.1));

    [Fact]
    public void Train_rejects_a_target_of_the_wrong_length() =>
        AssertRejected("target", "length 1", "is 2", () => _network.Train(new double[2], new double[2], 0.1));

    [Fact]
    public void TrainBatch_rejects_empty_inputs() =>
        AssertRejected("inputs", "multiple of 2", "is 0", () => _network.TrainBatch([], [], 0.1));

    [Fact]
    public void TrainBatch_rejects_partial_rows() =>
        AssertRejected("inputs", "multiple of 2", "is 5", () => _network.TrainBatch(new double[5], new double[2], 0.1));

    [Fact]
    public void TrainBatch_rejects_targets_for_another_row_count() =>
        AssertRejected("targets", "length 3", "is 2", () => _network.TrainBatch(new double[6], new double[2], 0.1));

    [Fact]
    public void CopyParametersTo_rejects_a_short_destination() =>
        AssertRejected("destination", "at least 17", "is 16", () => _network.CopyParametersTo(new double[16]));

    [Fact]
    public void SetParameters_rejects_the_wrong_count_and_changes_nothing()
    {
        _network.Randomize(3);
        double[] before = new double[XorNetwork.ParameterCount];
        _network.CopyParametersTo(before);

        AssertRejected("source", "length 17", "is 18", () => _network.SetParameters(new double[18]));

        double[] after = new double[XorNetwork.ParameterCount];
        _network.CopyParametersTo(after);
        Assert.Equal(before, after);
    }

    private static void AssertRejected(string parameter, string expected, string actual, Action call)
    {
        ArgumentException exception = Assert.Throws<ArgumentException>(call);
        Assert.Equal(parameter, exception.ParamName);
        Assert.Contains($"'{parameter}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.Contains(actual, exception.Message, StringComparison.Ordinal);
    }
}
