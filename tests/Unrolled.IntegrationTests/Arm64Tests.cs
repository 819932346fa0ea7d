using System.Diagnostics;
using System.Runtime.InteropServices;
using Unrolled.Arm64Program;

namespace Unrolled.IntegrationTests;

/// <summary>
/// tests/Unrolled.Arm64Program published self-contained for linux-arm64 and run on Arm64: under Debian's
/// qemu-user-static on an x64 machine, directly on an Arm64 Linux one. It checks that the batch kernels
/// run on 128-bit AdvSimd vectors and agree with the plain loops, and trains W5a, whose parameters must
/// be within 1e-12 of the same training here.
/// </summary>
[Collection(SerialCli.Name)]
public sealed class Arm64Tests
{
    private static readonly Lazy<Arm64Run> s_run = new(PublishAndRun);

    [Fact]
    public void On_Arm64_the_entry_points_run_the_128_bit_kernels_and_every_kernel_agrees_with_the_plain_loops()
    {
        Arm64Run run = s_run.Value;

        Assert.True(run.ExitCode == 0, $"the Arm64 program exited with {run.ExitCode}:\n{run.Output}");
        Assert.Contains("ok runs on Arm64 (process architecture: Arm64)", run.Output, StringComparison.Ordinal);
        Assert.Contains("ok the dispatcher chose the 128-bit kernels (WidestBatchKernels.Width: 128)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", run.Output, StringComparison.Ordinal);
        // 4 platform checks, 5 entry points, 5 kernel checks (AddGradients adding and writing) x 8 shapes x 2 precisions, ZeroIfFinite x 2, W5a.
        Assert.Contains("arm64: 92 checks, 0 failed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void W5a_trained_on_Arm64_is_within_1e_12_of_the_same_training_on_x64()
    {
        Arm64Run run = s_run.Value;
        string? line = run.Output.Split('\n', StringSplitOptions.TrimEntries).SingleOrDefault(l => l.StartsWith("w5a ", StringComparison.Ordinal));
        Assert.True(line is not null, $"the Arm64 program printed no W5a parameters:\n{run.Output}");

        double[] onArm64 = W5aTraining.FromBits(line["w5a ".Length..]);
        double difference = W5aTraining.LargestDifference(run.Here, onArm64);

        Assert.True(difference <= W5aTraining.Tolerance, $"the largest difference is {difference:G3}");
    }

    /// <summary>Publishes once for both tests (the runtime pack comes from NuGet) and runs the program with this machine's W5a parameters.</summary>
    private static Arm64Run PublishAndRun()
    {
        string[] runner = Arm64Runner();
        DirectoryInfo directory = RepositoryPaths.CreateTempDirectory("arm64");
        string output = Path.Combine(directory.FullName, "publish");
        var publish = Stopwatch.StartNew();
        DotNetCli.Run(RepositoryPaths.Root,
            "publish", Path.Combine("tests", "Unrolled.Arm64Program"), "-c", "Release", "-r", "linux-arm64", "--self-contained", "-o", output);
        publish.Stop();

        double[] here = W5aTraining.Train();
        string expected = Path.Combine(directory.FullName, "w5a-here.txt");
        File.WriteAllText(expected, W5aTraining.ToBits(here));
        string[] command = [.. runner, Path.Combine(output, "Unrolled.Arm64Program"), expected];
        var run = Stopwatch.StartNew();
        (int exitCode, string text) = DotNetCli.RunProgramToExit(command[0], directory.FullName, new Dictionary<string, string>(), command[1..]);
        run.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"Arm64 program: published in {publish.Elapsed.TotalSeconds:F1} s, ran in {run.Elapsed.TotalSeconds:F1} s");
        return new Arm64Run(exitCode, text, here);
    }

    /// <summary>
    /// What starts a linux-arm64 program here, before its path: nothing on Arm64 Linux; on x64 Linux, qemu-user with the
    /// Arm64 C and C++ libraries of Debian's cross packages. Where qemu is missing the tests are skipped
    /// with what to install, except in CI (CI=true), which installs it: there a missing qemu fails them.
    /// </summary>
    private static string[] Arm64Runner()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The Arm64 test runs a linux-arm64 program: it needs Linux.");
        if (RuntimeInformation.OSArchitecture == Architecture.Arm64)
        {
            return [];
        }

        const string Install = "apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross";
        const string Libraries = "/usr/aarch64-linux-gnu";
        string? qemu = FindOnPath("qemu-aarch64-static") ?? FindOnPath("qemu-aarch64");
        bool ready = qemu is not null && File.Exists(Path.Combine(Libraries, "lib", "ld-linux-aarch64.so.1"));
        const string Missing = "qemu-user or the Arm64 C libraries are not installed, so the Arm64 test cannot run";
        Assert.SkipWhen(!ready && !MonoRuntime.IsContinuousIntegration, $"{Missing}: skipped. To run it on Debian or Ubuntu: {Install}.");
        return ready
            ? [qemu!, "-L", Libraries]
            : throw new InvalidOperationException($"{Missing}, and CI (CI=true) must run it: {Install}, as .ci/run does.");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    private sealed record Arm64Run(int ExitCode, string Output, double[] Here);
}
