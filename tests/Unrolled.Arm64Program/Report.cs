using System;

namespace Unrolled.Arm64Program;

/// <summary>Prints one line per check, "ok" or "FAIL", and counts the failures for the exit code.</summary>
internal sealed class Report
{
    public int Checks { get; private set; }

    public int Failures { get; private set; }

    public void That(string check, bool holds)
    {
        Checks++;
        if (!holds)
        {
            Failures++;
        }

        Console.WriteLine($"{(holds ? "ok" : "FAIL")} {check}");
    }
}
