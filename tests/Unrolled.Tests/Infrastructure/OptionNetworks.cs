using System.Text;

namespace Unrolled.Tests.Infrastructure;

/// <summary>
/// Every option, in combinations that exercise each activation, loss and optimizer at least
/// twice, on two straight-line topologies and one blocked one; compiled once per test run.
/// </summary>
internal static class OptionNetworks
{
    public static IReadOnlyList<ReferenceOptions> Configurations { get; } =
    [
        new(Hidden: Activation.Tanh),
        new(Hidden: Activation.ReLU, Output: Activation.Linear),
        new(Hidden: Activation.LeakyReLU, Output: Activation.Tanh),
        new(Hidden: Activation.Linear, Loss: Loss.CrossEntropy),
        new(Hidden: Activation.Tanh, Output: Activation.Softmax, Loss: Loss.CrossEntropy),
        new(Optimizer: Optimizer.Momentum),
        new(Hidden: Activation.ReLU, Output: Activation.Softmax, Loss: Loss.CrossEntropy, Optimizer: Optimizer.Adam),
        new(Hidden: Activation.Tanh, Output: Activation.Linear, Optimizer: Optimizer.Adam, Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-6),
        new(Hidden: Activation.LeakyReLU, Loss: Loss.CrossEntropy, Optimizer: Optimizer.Momentum, Momentum: 0.5),

        // Layers that differ: hidden layer l takes entry l - 1 of the list (Activations = ...).
        new(HiddenLayers: [Activation.LeakyReLU, Activation.Sigmoid], Output: Activation.Tanh),
        new(HiddenLayers: [Activation.ReLU, Activation.Tanh], Output: Activation.Softmax, Loss: Loss.CrossEntropy, Optimizer: Optimizer.Adam),
        new(HiddenLayers: [Activation.Tanh, Activation.LeakyReLU], Output: Activation.Linear, Optimizer: Optimizer.Momentum),

        // GELU and SiLU, whose derivatives come from z: hidden, output, and beside the others.
        new(Hidden: Activation.GELU, Output: Activation.SiLU),
        new(HiddenLayers: [Activation.SiLU, Activation.GELU], Output: Activation.Softmax, Loss: Loss.CrossEntropy, Optimizer: Optimizer.Adam),
        new(HiddenLayers: [Activation.GELU, Activation.Tanh], Output: Activation.GELU, Optimizer: Optimizer.Momentum),

        // iRPROP-, meant for full-batch TrainBatch; with squared error and with cross-entropy.
        new(Hidden: Activation.Tanh, Optimizer: Optimizer.Rprop),
        new(Hidden: Activation.ReLU, Output: Activation.Softmax, Loss: Loss.CrossEntropy, Optimizer: Optimizer.Rprop),
    ];

    /// <summary>Two straight-line shapes and one above the limit (520 parameters, blocked).</summary>
    public static IReadOnlyList<int[]> Topologies { get; } = [[3, 5, 2], [2, 6, 4, 3], [17, 15, 13, 3]];

    private static readonly Lazy<NetworkAssembly> s_assembly = new(() => NetworkAssembly.Build(Source(string.Empty)));
    private static readonly Lazy<NetworkAssembly> s_singleAssembly = new(() => NetworkAssembly.Build(Source(", Precision = Precision.Single")));

    public static bool IsBlocked(int topology) => topology == 2;

    public static INetwork Create(int configuration, int topology) => s_assembly.Value.Create($"Options.C{configuration}T{topology}");

    /// <summary>The same network with <c>Precision = Precision.Single</c>, from a second assembly compiled on first use.</summary>
    public static ISingleNetwork CreateSingle(int configuration, int topology) =>
        (ISingleNetwork)s_singleAssembly.Value.CreateObject($"Options.C{configuration}T{topology}");

    public static ReferenceNetwork Reference(int configuration, int topology) => new(Topologies[topology], Configurations[configuration]);

    public static string Describe(int configuration, int topology) => $"{string.Join("-", Topologies[topology])} {Configurations[configuration]}";

    /// <summary>The learning rate each optimizer trains well at: Adam takes much smaller steps.</summary>
    public static double LearningRate(int configuration, int topology)
    {
        double rate = Configurations[configuration].Optimizer switch
        {
            Optimizer.Adam => 0.01,
            Optimizer.Momentum => 0.1,
            Optimizer.Rprop => 0.05,
            Optimizer.Sgd => 0.3,
            _ => throw new ArgumentOutOfRangeException(nameof(configuration), Configurations[configuration].Optimizer, "No learning rate chosen for this optimizer."),
        };
        return IsBlocked(topology) ? rate / 10 : rate;
    }

    private static string Source(string precision)
    {
        var source = new StringBuilder("using Unrolled;\nnamespace Options;\n");
        for (int c = 0; c < Configurations.Count; c++)
        {
            for (int t = 0; t < Topologies.Count; t++)
            {
                source.Append(System.Globalization.CultureInfo.InvariantCulture, $"[Network({string.Join(", ", Topologies[t])}{Configurations[c].AttributeArguments(Topologies[t])}{Extra(Configurations[c])}{precision})] public partial class C{c}T{t};\n");
            }
        }

        return source.ToString();
    }

    private static string Extra(ReferenceOptions options)
    {
        var parts = new List<string>();
        if (options.Momentum != 0.9)
        {
            parts.Add(FormattableString.Invariant($"Momentum = {options.Momentum}"));
        }

        if (options.Beta1 != 0.9)
        {
            parts.Add(FormattableString.Invariant($"Beta1 = {options.Beta1}"));
        }

        if (options.Beta2 != 0.999)
        {
            parts.Add(FormattableString.Invariant($"Beta2 = {options.Beta2}"));
        }

        if (options.Epsilon != 1e-8)
        {
            parts.Add(FormattableString.Invariant($"Epsilon = {options.Epsilon:R}"));
        }

        return string.Concat(parts.Select(p => ", " + p));
    }
}
