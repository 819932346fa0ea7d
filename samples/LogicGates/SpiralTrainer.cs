using System;
using System.Diagnostics;
using Unrolled;

namespace LogicGates;

/// <summary>The test-set accuracy of one network on two spirals, and what training it took.</summary>
public sealed record SpiralResult(string Name, double TrainAccuracy, double TestAccuracy, int Epochs, TimeSpan Elapsed);

/// <summary>Trains the two spirals networks one sample at a time, on the same data.</summary>
public static class SpiralTrainer
{
    public const int Epochs = 500;
    public const int TrainingPoints = 300;
    public const int TestPoints = 1_000;

    /// <summary>Adam's usual step size.</summary>
    public const double AdamLearningRate = 0.01;

    /// <summary>The step size plain SGD learns the logic gates with.</summary>
    public const double SgdLearningRate = 0.5;

    public static SpiralResult[] TrainBoth(ulong seed)
    {
        TwoSpirals training = TwoSpirals.Generate(TrainingPoints, seed);
        TwoSpirals test = TwoSpirals.Generate(TestPoints, seed + 1_000_000);
        return
        [
            Train("tanh + softmax + cross-entropy + Adam", new SpiralNetwork(), AdamLearningRate, training, test, seed),
            Train("sigmoid + squared error + SGD (defaults)", new PlainSpiralNetwork(), SgdLearningRate, training, test, seed),
        ];
    }

    private static SpiralResult Train(string name, INetwork network, double learningRate, TwoSpirals training, TwoSpirals test, ulong seed)
    {
        network.Randomize(seed);
        var stopwatch = Stopwatch.StartNew();
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            for (int n = 0; n < training.Count; n++)
            {
                network.Train(training.Input(n), training.Target(n), learningRate);
            }
        }

        stopwatch.Stop();
        return new SpiralResult(name, Accuracy(network, training), Accuracy(network, test), Epochs, stopwatch.Elapsed);
    }

    /// <summary>The share of points whose larger output is their class.</summary>
    public static double Accuracy(INetwork network, TwoSpirals set)
    {
        Span<double> output = stackalloc double[2];
        int correct = 0;
        for (int n = 0; n < set.Count; n++)
        {
            network.Predict(set.Input(n), output);
            int predicted = output[1] > output[0] ? 1 : 0;
            correct += predicted == set.Classes[n] ? 1 : 0;
        }

        return (double)correct / set.Count;
    }
}
