using System.Text;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Numerics;

/// <summary>
/// Random finite arguments, many of them huge (up to the number type's largest value, learning
/// rates included), on every layout and batch path, both precisions and every optimizer: after each
/// Train or TrainBatch every parameter and every optimizer number is finite, and a call that returns
/// NaN or infinity has changed nothing, not one bit of the saved network (Adam's step count included).
/// Seeded, so a failure repeats.
/// </summary>
public sealed class OverflowPropertyTests
{
    // Straight-line (with a struct), and blocked in 64-row blocks, 16-row blocks and row by row.
    private static readonly (string Name, int[] Layers, string Kind, int Calls)[] s_shapes =
    [
        ("Small", [3, 5, 2], "class", 300),
        ("Deep", [2, 6, 4, 3], "class", 300),
        ("Struct", [3, 5, 4, 2], "struct", 300),
        ("Blocked", [17, 15, 13, 3], "class", 150),
        ("ShortBlocks", [8, 1100, 4], "class", 25),
        ("RowByRow", [1, 5000, 2], "class", 25),
    ];

    // Each optimizer, with the activations and losses that overflow most easily among them.
    private static readonly ReferenceOptions[] s_options =
    [
        new(),
        new(Hidden: Activation.LeakyReLU, Output: Activation.Linear),
        new(Hidden: Activation.ReLU, Output: Activation.Linear, Optimizer: Optimizer.Momentum),
        new(Hidden: Activation.Tanh, Output: Activation.Softmax, Loss: Loss.CrossEntropy, Optimizer: Optimizer.Adam),
        new(Hidden: Activation.LeakyReLU, Output: Activation.Linear, Optimizer: Optimizer.Adam),
    ];

    private static readonly Lazy<NetworkAssembly> s_assembly = new(() => NetworkAssembly.Build(Source()));

    public static TheoryData<int, int, bool> Cases()
    {
        var data = new TheoryData<int, int, bool>();
        for (int shape = 0; shape < s_shapes.Length; shape++)
        {
            for (int options = 0; options < s_options.Length; options++)
            {
                data.Add(shape, options, false);
                data.Add(shape, options, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_step_leaves_the_network_finite_or_unchanged(int shape, int options, bool inFloat)
    {
        (string name, int[] layers, _, int calls) = s_shapes[shape];
        ReferenceOptions option = s_options[options];
        var description = new NetworkDescription(layers, option.Hidden, option.Output, option.Loss, option.Optimizer, inFloat ? Precision.Single : Precision.Double);
        object network = s_assembly.Value.CreateObject(TypeName(shape, options, inFloat));
        var trainee = new Trainee(network);
        trainee.Randomize(7);
        var random = new Random((shape * 100) + (options * 2) + (inFloat ? 1 : 0));
        double max = inFloat ? float.MaxValue : double.MaxValue;
        int refused = 0;
        for (int call = 0; call < calls; call++)
        {
            int rows = random.Next(4) == 0 ? 1 : random.Next(1, 20);
            bool batch = random.Next(2) == 0;
            if (!batch)
            {
                rows = 1;
            }

            double[] inputs = Values(random, rows * layers[0], max);
            double[] targets = Values(random, rows * layers[^1], max);
            double rate = Rate(random, max);
            byte[] before = trainee.Bytes();
            double result = batch ? trainee.TrainBatch(inputs, targets, rate) : trainee.Train(inputs, targets, rate);
            byte[] after = trainee.Bytes();
            string what = $"{name} {string.Join("-", layers)} {option} {(inFloat ? "float" : "double")}, call {call}: " +
                $"{(batch ? $"TrainBatch of {rows} rows" : "Train")} at learning rate {rate:R} returned {result:R}";
            double[] numbers = NetworkState.Numbers(after, description);
            int bad = Array.FindIndex(numbers, n => !double.IsFinite(n));
            Assert.True(bad < 0, $"{what}, and left number {bad} of the parameters and state at {(bad < 0 ? 0 : numbers[bad])}");
            if (!double.IsFinite(result))
            {
                refused++;
                Assert.True(before.AsSpan().SequenceEqual(after), $"{what}, but the network changed");
            }
        }

        // The huge values must have made some steps overflow, or this test tested nothing.
        Assert.True(refused > 0, $"{name} {option}: no step was refused in {calls} calls");
    }

    // Mostly ordinary values, so that training moves; about one in four huge, up to the largest finite value.
    private static double[] Values(Random random, int length, double max)
    {
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            double sign = random.Next(2) == 0 ? -1 : 1;
            values[i] = random.Next(8) switch
            {
                0 => sign * Math.Pow(10, random.NextDouble() * Math.Log10(max)),
                1 => sign * max * (0.5 + (random.NextDouble() / 2)),
                _ => (random.NextDouble() * 2) - 1,
            };
        }

        return values;
    }

    private static double Rate(Random random, double max) => random.Next(6) switch
    {
        0 => Math.Pow(10, random.NextDouble() * Math.Log10(max)),
        1 => max,
        _ => Math.Pow(10, -3 + (random.NextDouble() * 3)),
    };

    private static string TypeName(int shape, int options, bool inFloat) => $"Overflow.{s_shapes[shape].Name}O{options}{(inFloat ? "Single" : "Double")}";

    private static string Source()
    {
        var source = new StringBuilder("using Unrolled;\nnamespace Overflow;\n");
        for (int shape = 0; shape < s_shapes.Length; shape++)
        {
            for (int options = 0; options < s_options.Length; options++)
            {
                foreach (bool inFloat in new[] { false, true })
                {
                    (_, int[] layers, string kind, _) = s_shapes[shape];
                    string precision = inFloat ? ", Precision = Precision.Single" : string.Empty;
                    source.Append("[Network(").Append(string.Join(", ", layers)).Append(s_options[options].AttributeArguments()).Append(precision)
                        .Append(")] public partial ").Append(kind).Append(' ').Append(TypeName(shape, options, inFloat)["Overflow.".Length..]).Append(";\n");
                }
            }
        }

        return source.ToString();
    }

    // One face for double and float networks: float values are the doubles rounded, which stay
    // finite because the doubles were drawn below float.MaxValue.
    private sealed class Trainee(object network)
    {
        public void Randomize(ulong seed)
        {
            if (network is INetwork n)
            {
                n.Randomize(seed);
            }
            else
            {
                ((ISingleNetwork)network).Randomize(seed);
            }
        }

        public double Train(double[] input, double[] target, double rate) => network is INetwork n
            ? n.Train(input, target, rate)
            : ((ISingleNetwork)network).Train(Floats(input), Floats(target), (float)rate);

        public double TrainBatch(double[] inputs, double[] targets, double rate) => network is INetwork n
            ? n.TrainBatch(inputs, targets, rate)
            : ((ISingleNetwork)network).TrainBatch(Floats(inputs), Floats(targets), (float)rate);

        public byte[] Bytes() => network is INetwork n ? NetworkState.Bytes(n.Save) : NetworkState.Bytes(((ISingleNetwork)network).Save);

        private static float[] Floats(double[] values) => [.. values.Select(v => (float)v)];
    }
}
