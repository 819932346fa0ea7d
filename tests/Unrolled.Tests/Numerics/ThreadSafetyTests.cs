using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// Separate networks share nothing: trained on separate threads at the same time, each ends
/// bit for bit where training it alone ends. One network's own members are not safe to call from
/// several threads at once, except Predict and PredictBatch, which only read it.
/// </summary>
public sealed class ThreadSafetyTests
{
    [Theory]
    [InlineData(2, 0)] // 2-4-1 style straight-line, Adam
    [InlineData(6, 2)] // blocked, softmax, Adam
    public void Networks_trained_concurrently_end_exactly_like_networks_trained_alone(int configuration, int topology)
    {
        const int Threads = 4;
        double[] Run(int seed)
        {
            INetwork network = OptionNetworks.Create(configuration, topology);
            network.Randomize((ulong)seed);
            var random = new Random(seed);
            double[] input = new double[network.InputCount];
            double[] target = new double[network.OutputCount];
            for (int step = 0; step < 2_000; step++)
            {
                for (int i = 0; i < input.Length; i++)
                {
                    input[i] = random.NextDouble();
                }

                target[step % target.Length] = 1;
                network.Train(input, target, 0.01);
                target[step % target.Length] = 0;
            }

            double[] parameters = new double[network.ParameterCount];
            network.CopyParametersTo(parameters);
            return parameters;
        }

        double[][] alone = [.. Enumerable.Range(0, Threads).Select(Run)];
        double[][] together = new double[Threads][];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, seed => together[seed] = Run(seed));
        for (int seed = 0; seed < Threads; seed++)
        {
            Assert.Equal(alone[seed].Select(BitConverter.DoubleToInt64Bits), together[seed].Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void Predict_on_one_network_from_many_threads_gives_the_single_threaded_answers()
    {
        INetwork network = OptionNetworks.Create(4, 2); // blocked: Predict keeps its activations on the stack
        network.Randomize(3);
        double[][] inputs = [.. Enumerable.Range(0, 64).Select(n => Enumerable.Range(0, network.InputCount).Select(i => Math.Sin(n + i)).ToArray())];
        double[][] expected = [.. inputs.Select(x => { double[] o = new double[network.OutputCount]; network.Predict(x, o); return o; })];
        Parallel.For(0, 4_000, n =>
        {
            double[] output = new double[network.OutputCount];
            network.Predict(inputs[n % inputs.Length], output);
            Assert.Equal(expected[n % inputs.Length], output);
        });
    }
}
