using System.Text;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// Each configuration of options learns a problem it suits: XOR, which needs a non-linear hidden
/// layer, or OR where the hidden layer is linear (a linear hidden layer makes the whole network
/// linear, and no linear model separates XOR). With a softmax the classes are one-hot; otherwise
/// one output is rounded at 0.5.
/// </summary>
public sealed class OptionLearningTests
{
    private static readonly double[] s_inputs = [0, 0, 0, 1, 1, 0, 1, 1];
    private static readonly int[] s_xor = [0, 1, 1, 0];
    private static readonly int[] s_or = [0, 1, 1, 1];

    private static readonly Lazy<NetworkAssembly> s_assembly = new(() =>
    {
        var source = new StringBuilder("using Unrolled;\nnamespace Learning;\n");
        for (int c = 0; c < OptionNetworks.Configurations.Count; c++)
        {
            ReferenceOptions options = OptionNetworks.Configurations[c];
            int outputs = options.Output == Activation.Softmax ? 2 : 1;
            source.Append(System.Globalization.CultureInfo.InvariantCulture, $"[Network(2, 8, {outputs}{options.AttributeArguments([2, 8, outputs])})] public partial class C{c};\n");
        }

        return NetworkAssembly.Build(source.ToString());
    });

    public static TheoryData<int> Configurations() => [.. Enumerable.Range(0, OptionNetworks.Configurations.Count)];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_configuration_learns_its_problem(int configuration)
    {
        ReferenceOptions options = OptionNetworks.Configurations[configuration];
        INetwork network = s_assembly.Value.Create($"Learning.C{configuration}");
        bool softmax = options.Output == Activation.Softmax;
        int[] classes = options.ActivationOf(1, 3) == Activation.Linear ? s_or : s_xor;
        double[] targets = softmax
            ? [.. classes.SelectMany(c => c == 0 ? new double[] { 1, 0 } : [0, 1])]
            : [.. classes.Select(c => (double)c)];
        double rate = options.Optimizer switch
        {
            Optimizer.Adam => 0.02,
            Optimizer.Momentum => 0.1,
            _ => options.ActivationOf(1, 3) is Activation.ReLU or Activation.LeakyReLU || options.Output == Activation.Linear ? 0.1 : 0.5,
        };

        network.Randomize(7);
        for (int epoch = 0; epoch < 3_000; epoch++)
        {
            // iRPROP- follows the sign of the whole set's gradient: one full-batch step per epoch.
            if (options.Optimizer == Optimizer.Rprop)
            {
                network.TrainBatch(s_inputs, targets, 0.1);
                continue;
            }

            for (int row = 0; row < 4; row++)
            {
                network.Train(s_inputs.AsSpan(row * 2, 2), targets.AsSpan(row * network.OutputCount, network.OutputCount), rate);
            }
        }

        double[] output = new double[network.OutputCount];
        for (int row = 0; row < 4; row++)
        {
            network.Predict(s_inputs.AsSpan(row * 2, 2), output);
            int predicted = softmax ? (output[1] > output[0] ? 1 : 0) : (output[0] > 0.5 ? 1 : 0);
            Assert.True(predicted == classes[row], $"{options}: row {row} predicted {predicted} from [{string.Join(", ", output)}]");
        }
    }
}
