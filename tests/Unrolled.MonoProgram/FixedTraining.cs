using System;
using System.Collections.Generic;

namespace Unrolled.MonoProgram
{
    /// <summary>
    /// The one training schedule that both Mono (Program) and .NET 10 (the Mono test) run, so their
    /// parameters can be compared: fixed seeds, epochs and learning rates, no stopping rule.
    /// </summary>
    public static class FixedTraining
    {
        /// <summary>The four input rows of a truth table: 00, 01, 10, 11.</summary>
        public static readonly double[] Inputs = { 0, 0, 0, 1, 1, 0, 1, 1 };

        /// <summary>AND, OR, NAND, NOR, XOR of each input row, row-major.</summary>
        public static readonly double[] Gates =
        {
            0, 0, 1, 1, 0,
            0, 1, 1, 0, 1,
            0, 1, 1, 0, 1,
            1, 1, 0, 0, 0,
        };

        public static readonly double[] Xor = { 0, 1, 1, 0 };

        /// <summary>XOR as two classes, one-hot: class 1 where the inputs differ.</summary>
        public static readonly double[] XorClasses = { 1, 0, 0, 1, 0, 1, 1, 0 };

        /// <summary>Each network of MonoNetworks.cs, trained, by name.</summary>
        public static IReadOnlyList<KeyValuePair<string, INetwork>> TrainAll() => new[]
        {
            Pair("xor", Train(new XorNet(), Xor, seed: 1, epochs: 4000, learningRate: 0.5, batches: false)),
            Pair("gates", Train(new GatesNet(), Gates, seed: 2, epochs: 4000, learningRate: 0.5, batches: false)),
            // Train and TrainBatch: the blocked layout has no separate SIMD batch path to avoid.
            Pair("blocked", Train(new BlockedXorNet(), XorClasses, seed: 3, epochs: 300, learningRate: 0.01, batches: true)),
        };

        /// <summary>Per-sample steps over the four rows each epoch, then (with batches) one full-batch step.</summary>
        public static INetwork Train(INetwork network, double[] targets, ulong seed, int epochs, double learningRate, bool batches)
        {
            network.Randomize(seed);
            int outputs = network.OutputCount;
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                for (int row = 0; row < 4; row++)
                {
                    network.Train(new ReadOnlySpan<double>(Inputs, row * 2, 2), new ReadOnlySpan<double>(targets, row * outputs, outputs), learningRate);
                }

                if (batches)
                {
                    network.TrainBatch(Inputs, targets, learningRate);
                }
            }

            return network;
        }

        /// <summary>The parameters as the hexadecimal bits of each double, so a comparison is exact.</summary>
        public static string Bits(INetwork network)
        {
            var parameters = new double[network.ParameterCount];
            network.CopyParametersTo(parameters);
            var words = new string[parameters.Length];
            for (int p = 0; p < parameters.Length; p++)
            {
                words[p] = BitConverter.DoubleToInt64Bits(parameters[p]).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
            }

            return string.Join(" ", words);
        }

        private static KeyValuePair<string, INetwork> Pair(string name, INetwork network) => new KeyValuePair<string, INetwork>(name, network);
    }
}
