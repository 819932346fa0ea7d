namespace Unrolled.Benchmarks;

/// <summary>
/// W5's rule: before anything is timed, every implementation ends one epoch on the generated
/// network's parameters (or, for PredictBatch, computes its outputs), so none is timed doing different work.
/// </summary>
public static class EpochCheck
{
    /// <summary>
    /// Throws unless max |actual - expected| &lt;= tolerance * max |expected|: relative to the largest
    /// value, since a bias near zero has no meaningful relative error of its own.
    /// </summary>
    public static void Require(string workload, string implementation, ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double tolerance)
    {
        if (actual.Length != expected.Length)
        {
            throw new InvalidOperationException($"{workload}: {implementation} has {actual.Length} values, the generated network {expected.Length}.");
        }

        double scale = 0, worst = 0;
        int at = 0;
        for (int n = 0; n < expected.Length; n++)
        {
            scale = Math.Max(scale, Math.Abs(expected[n]));
            double difference = Math.Abs(actual[n] - expected[n]);
            if (!(difference <= worst))
            {
                worst = difference;
                at = n;
            }
        }

        if (!(worst <= tolerance * scale))
        {
            throw new InvalidOperationException(
                $"{workload}: {implementation} differs from the generated network by {worst / scale:E2} of the largest value (index {at}: {actual[at]:R} against {expected[at]:R}); allowed {tolerance:E0}.");
        }

        Console.WriteLine($"// {workload}: {implementation} within {worst / scale:E2} of the generated network (relative to the largest value; allowed {tolerance:E0}).");
    }
}
