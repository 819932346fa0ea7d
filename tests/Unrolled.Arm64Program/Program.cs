using System;
using System.IO;

namespace Unrolled.Arm64Program;

/// <summary>
/// Run on Arm64 by the Arm64 test (published self-contained for linux-arm64, started under qemu-user):
/// checks that the blocked layout's batch kernels run on 128-bit AdvSimd vectors and agree with the
/// plain loops, trains W5a and prints its parameters ("w5a" and their bits); given the file of the
/// same training's parameters on x64, checks them within <see cref="W5aTraining.Tolerance"/>. Exits 1
/// if any check fails.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 1 || (args.Length == 1 && !File.Exists(args[0])))
        {
            Console.Error.WriteLine("usage: Unrolled.Arm64Program [file of the x64 W5a parameters, as the bits printed on the w5a line]");
            return 2;
        }

        var report = new Report();
        DispatchChecks.Run(report);
        KernelChecks.Run(report);

        double[] parameters = W5aTraining.Train();
        Console.WriteLine("w5a " + W5aTraining.ToBits(parameters));
        if (args.Length == 1)
        {
            double difference = W5aTraining.LargestDifference(parameters, W5aTraining.FromBits(File.ReadAllText(args[0])));
            report.That($"W5a after {W5aTraining.Epochs} epochs within {W5aTraining.Tolerance:G} of x64 (largest difference: {difference:G3})", difference <= W5aTraining.Tolerance);
        }

        Console.WriteLine($"arm64: {report.Checks} checks, {report.Failures} failed");
        return report.Failures == 0 ? 0 : 1;
    }
}
