using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The generated source, approved line by line. These files are also the examples the README
/// links to, so a change to the emitter shows up here as a readable diff.
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public Task Xor_2_4_1_in_a_file_scoped_namespace() => Check("XorNet", "Demo.XorNet.g.cs", """
        using Unrolled;

        namespace Demo;

        [Network(2, 4, 1)]
        public partial class XorNet;
        """);

    [Fact]
    public Task Five_gates_2_4_5_in_a_block_namespace() => Check("LogicGatesNet", "Demo.Gates.LogicGatesNet.g.cs", """
        using Unrolled;

        namespace Demo.Gates
        {
            [Network(2, 4, 5)]
            public partial class LogicGatesNet { }
        }
        """);

    [Fact]
    public Task Above_the_straight_line_limit_16_12_10_3_is_blocked() => Check("BlockedNet", "Demo.BlockedNet.g.cs", """
        namespace Demo;

        [Unrolled.Network(16, 12, 10, 3)]
        public sealed partial class BlockedNet;
        """);

    [Fact]
    public Task Single_precision_2_4_1() => Check("SingleXorNet", "Demo.SingleXorNet.g.cs", """
        using Unrolled;

        namespace Demo;

        [Network(2, 4, 1, Precision = Precision.Single)]
        public partial class SingleXorNet;
        """);

    [Fact]
    public Task Classifier_with_tanh_softmax_cross_entropy_and_Adam() => Check("ClassifierNet", "Demo.ClassifierNet.g.cs", """
        using Unrolled;

        namespace Demo;

        [Network(2, 3, 2, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)]
        public partial class ClassifierNet;
        """);

    [Fact]
    public Task Regression_with_ReLU_linear_output_and_momentum() => Check("RegressionNet", "Demo.RegressionNet.g.cs", """
        using Unrolled;

        namespace Demo;

        [Network(1, 3, 1, Hidden = Activation.ReLU, Output = Activation.Linear, Optimizer = Optimizer.Momentum, Momentum = 0.8)]
        public partial class RegressionNet;
        """);

    [Fact]
    public Task Binary_classifier_with_leaky_ReLU_and_cross_entropy() => Check("BinaryNet", "Demo.BinaryNet.g.cs", """
        using Unrolled;

        namespace Demo;

        [Network(2, 2, 1, Hidden = Activation.LeakyReLU, Loss = Loss.CrossEntropy)]
        public partial class BinaryNet;
        """);

    [Fact]
    public Task Blocked_classifier_with_softmax_and_Adam() => Check("BlockedClassifierNet", "Demo.BlockedClassifierNet.g.cs", """
        using Unrolled;

        namespace Demo;

        [Network(16, 12, 4, Hidden = Activation.ReLU, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)]
        public sealed partial class BlockedClassifierNet;
        """);

    [Fact]
    public Task Two_hidden_layers_3_5_4_2() => Check("DeepNet", "Demo.DeepNet.g.cs", """
        namespace Demo;

        [Unrolled.Network(3, 5, 4, 2)]
        internal sealed partial class DeepNet;
        """);

    [Fact]
    public Task Smallest_network_1_1() => Check("TinyNet", "Demo.TinyNet.g.cs", """
        namespace Demo;

        [Unrolled.Network(1, 1)]
        public partial class TinyNet;
        """);

    [Fact]
    public Task Struct_network() => Check("StructNet", "Demo.StructNet.g.cs", """
        namespace Demo;

        [Unrolled.Network(2, 3, 2)]
        public partial struct StructNet;
        """);

    [Fact]
    public Task Network_nested_in_partial_types() => Check("NestedNet", "Demo.Robots.Arm.Controller.g.cs", """
        namespace Demo;

        public static partial class Robots
        {
            internal partial record struct Arm(int Joints)
            {
                [Unrolled.Network(4, 3, 2)]
                private partial class Controller { }
            }
        }
        """);

    [Fact]
    public Task Network_in_the_global_namespace() => Check("GlobalNet", "GlobalNet.g.cs", """
        [Unrolled.Network(2, 2, 1)]
        partial class GlobalNet { }
        """);

    private static Task Check(string snapshotName, string hintName, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        Snapshot.Verify(snapshotName, run.SourceText(hintName));
        return Task.CompletedTask;
    }
}
