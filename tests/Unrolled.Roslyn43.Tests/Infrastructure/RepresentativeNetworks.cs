namespace Unrolled.Roslyn43.Tests.Infrastructure;

/// <summary>
/// One network of each kind the generator writes, as a Unity script would declare it: straight-line,
/// blocked (above the straight-line limit), float, every option, and frozen from a saved file. C# 9
/// syntax only (block-bodied namespaces, no collection expressions).
/// </summary>
internal static class RepresentativeNetworks
{
    /// <summary>The file name a frozen network's attribute names; the tests supply it as an AdditionalText.</summary>
    public const string FrozenFileName = "xor.unrolled";

    public const string Frozen = "[Network(2, 4, 1, Weights = \"" + FrozenFileName + "\")] public partial class FrozenNet { }";

    public static TheoryData<string, string> All() => new()
    {
        { "straight-line", "[Network(2, 4, 1)] public partial class XorNet { }" },
        { "straight-line struct", "[Network(3, 5, 2)] public partial struct StructNet { }" },
        { "blocked", "[Network(17, 15, 13, 3)] public partial class BlockedNet { }" },
        { "float", "[Network(2, 4, 1, Precision = Precision.Single)] public partial class FloatNet { }" },
        { "every option, straight-line", "[Network(2, 6, 4, 3, Hidden = Activation.ReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-6)] public partial class AdamNet { }" },
        { "every option, blocked", "[Network(17, 15, 13, 3, Hidden = Activation.LeakyReLU, Output = Activation.Tanh, Optimizer = Optimizer.Momentum, Momentum = 0.5)] public partial class MomentumNet { }" },
        { "frozen", Frozen },
    };

    /// <summary>The declaration in a namespace, with the usings a script writes.</summary>
    public static string Script(string declaration) => $$"""
        using Unrolled;

        namespace Game
        {
            {{declaration}}
        }
        """;
}
