using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Unrolled.Benchmarks.Workloads.Issue22;

namespace Unrolled.Benchmarks.Peers.RTNeural;

/// <summary>
/// The RTNeural row (issue 22): RTNeural's compile-time ModelT (GRULayerT or LSTMLayerT of 16, then
/// DenseT), Eigen backend, behind the small C interface README.md describes, loaded from the path in
/// UNROLLED_RTNEURAL_LIBRARY. One P/Invoke call runs a whole block of steps, so the call costs once
/// per block, not once per step.
/// </summary>
public sealed class RTNeuralStepper : IRecurrentStepper
{
    /// <summary>The environment variable that names the built library.</summary>
    public const string LibraryVariable = "UNROLLED_RTNEURAL_LIBRARY";

    private const string Library = "rtneural_peer";
    private static readonly object s_resolverLock = new();
    private static bool s_resolverSet;
    private readonly RecurrentShape _shape;
    private IntPtr _model;

    public RTNeuralStepper(RecurrentShape shape, float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parameters);
        if (shape.Inputs != 1 || shape.Hidden != 16 || shape.Outputs != 1 || parameters.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"The RTNeural library is built for 1-16-1 models only; {shape} was asked for.", nameof(shape));
        }

        EnsureResolver();
        _shape = shape;
        _model = shape.Cell switch
        {
            RecurrentCell.Gru => NativeMethods.rtneural_gru16_create(ref parameters[0]),
            RecurrentCell.Lstm => NativeMethods.rtneural_lstm16_create(ref parameters[0]),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape.Cell, "Only GRU and LSTM cells exist."),
        };
    }

    /// <summary>Whether UNROLLED_RTNEURAL_LIBRARY names a file, so that the row can run.</summary>
    public static bool IsAvailable => File.Exists(Environment.GetEnvironmentVariable(LibraryVariable));

    public void Reset() => NativeMethods.rtneural_reset(_model);

    public void Run(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int steps = inputs.Length / _shape.Inputs;
        if (outputs.Length < steps * _shape.Outputs)
        {
            throw new ArgumentException($"{steps} steps need {steps * _shape.Outputs} outputs; the span holds {outputs.Length}.", nameof(outputs));
        }

        if (steps > 0)
        {
            NativeMethods.rtneural_run_steps(_model, ref Unsafe.AsRef(in MemoryMarshal.GetReference(inputs)), ref MemoryMarshal.GetReference(outputs), steps);
        }
    }

    public void Dispose()
    {
        if (_model != IntPtr.Zero)
        {
            NativeMethods.rtneural_destroy(_model);
            _model = IntPtr.Zero;
        }
    }

    private static void EnsureResolver()
    {
        string? path = Environment.GetEnvironmentVariable(LibraryVariable);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The RTNeural row needs the peer library: build librtneural_peer.so as Peers/RTNeural/README.md says and set {LibraryVariable} to its path (now '{path}').");
        }

        lock (s_resolverLock)
        {
            if (!s_resolverSet)
            {
                NativeLibrary.SetDllImportResolver(typeof(RTNeuralStepper).Assembly, (name, _, _) =>
                    name == Library ? NativeLibrary.Load(Environment.GetEnvironmentVariable(LibraryVariable)!) : IntPtr.Zero);
                s_resolverSet = true;
            }
        }
    }

    // Blittable arguments only (pointers, ref float, int): no marshalling stub work per call.
    private static class NativeMethods
    {
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr rtneural_gru16_create(ref float parameters);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr rtneural_lstm16_create(ref float parameters);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern void rtneural_reset(IntPtr model);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern void rtneural_run_steps(IntPtr model, ref float inputs, ref float outputs, int steps);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern void rtneural_destroy(IntPtr model);
    }
}
