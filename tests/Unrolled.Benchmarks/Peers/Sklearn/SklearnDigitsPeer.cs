using System.Diagnostics;
using System.Globalization;

namespace Unrolled.Benchmarks.Peers;

/// <summary>
/// scikit-learn's MLPClassifier in a Python process (digits_peer.py), one command a line over its standard input:
/// the digits training rows come from it, so both sides train on the same rows in the same order.
/// </summary>
public sealed class SklearnDigitsPeer : IDisposable
{
    private readonly Process _process;

    /// <param name="script">digits_peer.py.</param>
    /// <param name="singlePrecision">Train MLPClassifier on float32 rows, which it keeps in float32 throughout.</param>
    public SklearnDigitsPeer(string script, bool singlePrecision = false)
    {
        // Debian's interpreter, where python3-sklearn installs; a python3 earlier in PATH may lack it.
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
        };
        start.ArgumentList.Add(script);
        if (singlePrecision)
        {
            start.ArgumentList.Add("float32");
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"{python} {script} did not start.");
        string header = ReadLine();
        int[] counts = [.. header.Split(' ').Select(int.Parse)];
        (Rows, int inputs, int classes) = (counts[0], counts[1], counts[2]);
        Inputs = new double[Rows * inputs];
        Targets = new double[Rows * classes];
        for (int row = 0; row < Rows; row++)
        {
            string[] words = ReadLine().Split(' ');
            for (int i = 0; i < inputs; i++)
            {
                Inputs[(row * inputs) + i] = double.Parse(words[i], CultureInfo.InvariantCulture);
            }

            Targets[(row * classes) + int.Parse(words[inputs], CultureInfo.InvariantCulture)] = 1;
        }
    }

    public int Rows { get; }

    /// <summary>The training rows' inputs, row after row.</summary>
    public double[] Inputs { get; }

    /// <summary>The training rows' classes, one-hot.</summary>
    public double[] Targets { get; }

    /// <summary>Takes <paramref name="parameters"/> (Unrolled's order) and starts a fresh Adam with <paramref name="epsilon"/>.</summary>
    public void Start(ReadOnlySpan<double> parameters, double epsilon)
    {
        string values = string.Join(' ', parameters.ToArray().Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
        Send($"start {epsilon.ToString("R", CultureInfo.InvariantCulture)} {values}", expected: "ok");
    }

    /// <summary>One epoch of partial_fit; returns MLPClassifier's mean loss over it.</summary>
    public double Epoch()
    {
        _process.StandardInput.WriteLine("epoch");
        return double.Parse(ReadLine(), CultureInfo.InvariantCulture);
    }

    /// <summary>The dtypes MLPClassifier's weights, Adam's moments and outputs are in, e.g. "float32"; after an epoch.</summary>
    public string Dtype()
    {
        _process.StandardInput.WriteLine("dtype");
        return ReadLine();
    }

    public double[] Parameters()
    {
        _process.StandardInput.WriteLine("parameters");
        return [.. ReadLine().Split(' ').Select(w => double.Parse(w, CultureInfo.InvariantCulture))];
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        _process.WaitForExit();
        _process.Dispose();
    }

    private void Send(string command, string expected)
    {
        _process.StandardInput.WriteLine(command);
        string answer = ReadLine();
        if (answer != expected)
        {
            throw new InvalidOperationException($"digits_peer.py answered '{answer}' to {command.Split(' ')[0]}.");
        }
    }

    private string ReadLine() =>
        _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("digits_peer.py stopped (is python3-sklearn installed?).");
}
