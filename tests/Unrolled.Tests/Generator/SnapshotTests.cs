using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Generator;

/// <summary>
/// The generated source, approved line by line, for a few representative networks: the XOR lesson,
/// a blocked one, a classifier with options and a frozen one. These files are also the examples the
/// README links to, so a change to the emitter shows up here as a readable diff. Type shapes (struct,
/// nested, global namespace) and precision are checked by targeted assertions in
/// <see cref="GeneratedCodeShapeTests"/>.
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
    public Task Above_the_straight_line_limit_16_12_10_3_is_blocked() => Check("BlockedNet", "Demo.BlockedNet.g.cs", """
        namespace Demo;

        [Unrolled.Network(16, 12, 10, 3)]
        public sealed partial class BlockedNet;
        """);

    [Fact]
    public Task Classifier_with_tanh_softmax_cross_entropy_and_Adam() => Check("ClassifierNet", "Demo.ClassifierNet.g.cs", """
        using Unrolled;

        namespace Demo;

        [Network(2, 3, 2, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)]
        public partial class ClassifierNet;
        """);

    [Fact]
    public Task Gru_lesson_1_4_1() => Check("GruNet", "Demo.GruNet.g.cs", """
        using Unrolled;

        namespace Demo;

        [Network(1, 4, 1, Cell = Cell.GRU)]
        public partial class GruNet;
        """);

    [Fact]
    public Task Frozen_xor_from_a_saved_text_weights_file()
    {
        var trained = new XorNetwork();
        trained.Randomize(7);
        GeneratorRun run = GeneratorHarness.Run([new InMemoryAdditionalText("/project/xor.unrolled", SavedNetworks.Text(trained))], """
            using Unrolled;

            namespace Demo;

            [Network(2, 4, 1, Weights = "xor.unrolled")]
            public partial class FrozenXorNet;
            """);
        return Check("FrozenXorNet", "Demo.FrozenXorNet.g.cs", run);
    }

    [Fact]
    public Task Frozen_gru_1_4_1_from_a_saved_text_weights_file()
    {
        var trained = (IRecurrentNetwork)NetworkAssembly.Build("using Unrolled; namespace Demo { [Network(1, 4, 1, Cell = Cell.GRU)] public partial class GruNet { } }")
            .CreateObject("Demo.GruNet");
        trained.Randomize(7);
        GeneratorRun run = GeneratorHarness.Run([new InMemoryAdditionalText("/project/gru.unrolled", SavedNetworks.Text(path => NetworkFile.SaveAsText(trained, path)))], """
            using Unrolled;

            namespace Demo;

            [Network(1, 4, 1, Cell = Cell.GRU, Weights = "gru.unrolled")]
            public partial class FrozenGruNet;
            """);
        return Check("FrozenGruNet", "Demo.FrozenGruNet.g.cs", run);
    }

    private static Task Check(string snapshotName, string hintName, string source) => Check(snapshotName, hintName, GeneratorHarness.Run(source));

    private static Task Check(string snapshotName, string hintName, GeneratorRun run)
    {
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        Assert.Equal(2, run.Sources.Length);
        Snapshot.Verify(snapshotName, run.SourceText(hintName));
        Snapshot.Verify(snapshotName + ".Machinery", run.SourceText(Unrolled.Generator.Emit.NetworkEmitter.MachineryHintName(hintName)));
        return Task.CompletedTask;
    }
}
