#if PEERS
using BenchmarkDotNet.Attributes;
using Unrolled.Benchmarks.Peers.RTNeural;

namespace Unrolled.Benchmarks.Workloads.Issue22;

// The peer rows of Issue22Step, compiled only with -p:Peers=true. Category "Peer": ONNX Runtime and
// TorchSharp allocate managed handles per call, so the 0-byte rule covers Unrolled and the plain loop.
public partial class Issue22Step
{
    private RTNeuralStepper? _rtNeural;
    private OnnxRuntimeStepper? _onnxRuntime;
    private TorchSharpStepper? _torchSharp;

    [Benchmark(OperationsPerInvoke = Steps), BenchmarkCategory("Peer")]
    public double RTNeural() => RunBlock(_rtNeural ?? throw new InvalidOperationException(
        $"The RTNeural row needs {RTNeuralStepper.LibraryVariable} set to the built librtneural_peer.so (Peers/RTNeural/README.md)."));

    [Benchmark(OperationsPerInvoke = Steps), BenchmarkCategory("Peer")]
    public double OnnxRuntime() => RunBlock(_onnxRuntime!);

    [Benchmark(OperationsPerInvoke = Steps), BenchmarkCategory("Peer")]
    public double TorchSharp() => RunBlock(_torchSharp!);

    partial void SetUpPeers(RecurrentShape shape, float[] parameters, float[] expected)
    {
        ReadOnlySpan<float> inputs = _inputs.AsSpan(0, expected.Length / shape.Outputs * shape.Inputs);
        CleanUpPeers();
        if (RTNeuralStepper.IsAvailable)
        {
            _rtNeural = new RTNeuralStepper(shape, parameters);
            RequireSameOutputs($"RTNeural {Cell}", _rtNeural, inputs, expected);
        }
        else
        {
            Console.WriteLine($"// Issue22Step: no RTNeural row ({RTNeuralStepper.LibraryVariable} does not name a file).");
        }

        _onnxRuntime = new OnnxRuntimeStepper(shape, parameters);
        RequireSameOutputs($"ONNX Runtime {Cell}", _onnxRuntime, inputs, expected);
        _torchSharp = new TorchSharpStepper(shape, parameters);
        RequireSameOutputs($"TorchSharp {Cell}", _torchSharp, inputs, expected);
    }

    partial void CleanUpPeers()
    {
        _rtNeural?.Dispose();
        _onnxRuntime?.Dispose();
        _torchSharp?.Dispose();
        _rtNeural = null;
        _onnxRuntime = null;
        _torchSharp = null;
    }
}
#endif
