using Unrolled.Benchmarks.Baselines;
using Unrolled.Benchmarks.Workloads;

namespace Unrolled.Benchmarks;

/// <summary>
/// What the timings are worth: WORKLOADS.md's sanity check (after training, W1's and W2's outputs
/// round to their targets) for every implementation, and the baselines ending where the generated
/// network ends, so that no implementation is timed doing less work than the others.
/// </summary>
public static class WorkloadChecks
{
    private const int Epochs = 10_000;

    // Implementations group the same arithmetic differently, so they differ in the last bits.
    private const double Agreement = 1e-9;

    public static IEnumerable<string> Run()
    {
        var failures = new List<string>();
        CheckW1(failures);
        CheckW2(failures);
        return failures;
    }

    private static void CheckW1(List<string> failures)
    {
        var generated = new XorNetwork();
        var loop = new LoopNetwork(2, 4, 1);
        var hand = new HandUnrolledXor();
        WorkloadData.StartTogether(generated, p => loop.SetParameters(p), p => hand.SetParameters(p));
        double[] x = WorkloadData.XorInputs;
        double[] t = WorkloadData.XorTargets;
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            for (int row = 0; row < 4; row++)
            {
                generated.Train(x.AsSpan(row * 2, 2), t.AsSpan(row, 1), W1XorSgd.LearningRate);
                loop.Train(x.AsSpan(row * 2, 2), t.AsSpan(row, 1), W1XorSgd.LearningRate);
                hand.Train(x[row * 2], x[(row * 2) + 1], t[row], W1XorSgd.LearningRate);
            }
        }

        Compare(failures, x, t, outputCount: 1,
            ("W1 loop", (input, output) => loop.Predict(input, output)),
            ("W1 hand-unrolled", (input, output) => output[0] = hand.Predict(input[0], input[1])),
            ("W1 generated", (input, output) => generated.Predict(input, output)));
    }

    private static void CheckW2(List<string> failures)
    {
        var generated = new LogicNetwork();
        var loop = new LoopNetwork(2, 4, 5);
        var hand = new HandUnrolledLogic5();
        WorkloadData.StartTogether(generated, p => loop.SetParameters(p), p => hand.SetParameters(p));
        double[] x = WorkloadData.XorInputs;
        double[] t = WorkloadData.LogicTargets;
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            generated.TrainBatch(x, t, W2Logic5Batch.LearningRate);
            loop.TrainBatch(x, t, W2Logic5Batch.LearningRate);
            hand.TrainBatch(x, t, W2Logic5Batch.LearningRate);
        }

        Compare(failures, x, t, outputCount: 5,
            ("W2 loop", (input, output) => loop.Predict(input, output)),
            ("W2 hand-unrolled", (input, output) => hand.Predict(input[0], input[1], output)),
            ("W2 generated", (input, output) => generated.Predict(input, output)));
    }

    // Every implementation's outputs, row by row, against the targets and against the generated network's (the last).
    private static void Compare(List<string> failures, double[] inputs, double[] targets, int outputCount, params (string Name, PredictRow Predict)[] implementations)
    {
        double[] expected = new double[outputCount];
        double[] output = new double[outputCount];
        for (int row = 0; row < inputs.Length / 2; row++)
        {
            ReadOnlySpan<double> input = inputs.AsSpan(row * 2, 2);
            implementations[^1].Predict(input, expected);
            foreach ((string name, PredictRow predict) in implementations)
            {
                predict(input, output);
                for (int k = 0; k < outputCount; k++)
                {
                    Check(failures, name, row, k, output[k], expected[k], targets[(row * outputCount) + k]);
                }
            }
        }
    }

    private delegate void PredictRow(ReadOnlySpan<double> input, Span<double> output);

    private static void Check(List<string> failures, string name, int row, int output, double actual, double generated, double target)
    {
        if (Math.Round(actual) != target)
        {
            failures.Add($"{name}: after {Epochs} epochs, output {output} of row {row} is {actual}, which does not round to its target {target}");
        }

        if (Math.Abs(actual - generated) > Agreement)
        {
            failures.Add($"{name}: after {Epochs} epochs, output {output} of row {row} is {actual}, but the generated network's is {generated}");
        }
    }
}
