namespace Unrolled.Benchmarks.Workloads.BeforeAfter;

/// <summary>
/// Puts today's network and an earlier commit's generated copy of it on the same parameters, and proves,
/// before anything is timed, that both do the same work: the same training pass from the same start ends on
/// the same parameters (or the same inputs give the same outputs), else the ratio would compare different jobs.
/// </summary>
internal static class BeforeAfterStart
{
    // The issues compared change how the code is organised and compiled, not the arithmetic of sigmoid,
    // squared error and SGD; the bound allows a different rounding order or an exp a few ulp from another
    // (issue 23's vector exp in double networks: one pass ends within 2.6e-16 of f309d61's, and
    // PredictBatch's outputs within 2.8e-16, measured on its branch), never a different step.
    private const double Tolerance = 1e-12;

    /// <summary>
    /// Randomize(1) on today's network, the earlier commit's set to the same parameters; <paramref name="pass"/>
    /// run on each, their parameters compared; then both put back on the start.
    /// </summary>
    public static void Together(string workload, string commit, INetwork today, INetwork before, Action<INetwork> pass)
    {
        today.Randomize(1);
        var start = new double[today.ParameterCount];
        today.CopyParametersTo(start);
        before.SetParameters(start);
        pass(today);
        pass(before);
        var expected = new double[today.ParameterCount];
        var actual = new double[before.ParameterCount];
        today.CopyParametersTo(expected);
        before.CopyParametersTo(actual);
        EpochCheck.Require(workload, $"{commit}'s network after one pass", actual, expected, Tolerance);
        today.SetParameters(start);
        before.SetParameters(start);
    }

    /// <summary>The same in float: both start on today's Randomize(1), one pass each is compared.</summary>
    public static void Together(string workload, string commit, ISingleNetwork today, ISingleNetwork before, Action<ISingleNetwork> pass)
    {
        today.Randomize(1);
        var start = new float[today.ParameterCount];
        today.CopyParametersTo(start);
        before.SetParameters(start);
        pass(today);
        pass(before);
        var expected = new float[today.ParameterCount];
        var actual = new float[before.ParameterCount];
        today.CopyParametersTo(expected);
        before.CopyParametersTo(actual);
        EpochCheck.Require(workload, $"{commit}'s network after one pass", ToDouble(actual), ToDouble(expected), Tolerance);
        today.SetParameters(start);
        before.SetParameters(start);
    }

    /// <summary>Both on the same parameters, and the same outputs for <paramref name="inputs"/>: for the prediction workloads.</summary>
    public static void SamePredictions(string workload, string commit, INetwork today, INetwork before, double[] inputs)
    {
        today.Randomize(1);
        var start = new double[today.ParameterCount];
        today.CopyParametersTo(start);
        before.SetParameters(start);
        int rows = inputs.Length / today.InputCount;
        var expected = new double[rows * today.OutputCount];
        var actual = new double[rows * before.OutputCount];
        today.PredictBatch(inputs, expected);
        before.PredictBatch(inputs, actual);
        EpochCheck.Require(workload, $"{commit}'s network's outputs", actual, expected, Tolerance);
    }

    private static double[] ToDouble(float[] values) => [.. values.Select(v => (double)v)];
}
