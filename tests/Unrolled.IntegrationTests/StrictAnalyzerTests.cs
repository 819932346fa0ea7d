namespace Unrolled.IntegrationTests;

/// <summary>
/// A user's project with every analyzer at its strictest (AnalysisLevel latest-all, nullable,
/// warnings as errors) builds with networks of every kind in it: the generated code is marked
/// auto-generated, so the project's analyzers skip it, and it has no compiler warnings of its own.
/// </summary>
[Collection(SerialCli.Name)]
public sealed class StrictAnalyzerTests
{
    private const string Program = """
        using Unrolled;

        namespace Strict;

        internal static class Program
        {
            private static int Main()
            {
                var xor = new XorNet();
                xor.Randomize(1);
                double[] output = new double[1];
                xor.Predict([1.0, 0.0], output);
                var classifier = new Classifier();
                classifier.Randomize(2);
                var single = default(SingleNet);
                single.Randomize(3);
                var blocked = new Blocked();
                blocked.Randomize(4);
                return output[0] is >= 0 and <= 1 && Classifier.ParameterCount + SingleNet.ParameterCount + Blocked.ParameterCount > 0 ? 0 : 1;
            }
        }

        [Network(2, 4, 1)]
        internal sealed partial class XorNet;

        [Network(3, 5, 2, Hidden = Activation.Tanh, Output = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)]
        internal sealed partial class Classifier;

        [Network(2, 3, 1, Precision = Precision.Single, Hidden = Activation.LeakyReLU, Optimizer = Optimizer.Momentum)]
        internal partial struct SingleNet;

        [Network(32, 64, 10, Hidden = Activation.ReLU, Output = Activation.Linear)]
        internal sealed partial class Blocked;
        """;

    [Fact]
    public void Generated_code_builds_under_the_strictest_analysis_with_warnings_as_errors()
    {
        DirectoryInfo root = RepositoryPaths.CreateTempDirectory("strict");
        ScratchProject.Write(root.FullName, RepositoryPaths.Root, "Strict", Program, """
            <AnalysisLevel>latest-all</AnalysisLevel>
            <EnforceCodeStyleInBuild>true</EnforceCodeStyleInBuild>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <GenerateDocumentationFile>true</GenerateDocumentationFile>
            """);
        string output = DotNetCli.Run(root.FullName, "build", "-c", "Release");
        Assert.Contains("0 Warning(s)", output, StringComparison.Ordinal);
        Assert.Contains("0 Error(s)", output, StringComparison.Ordinal);
    }
}
