#if PEERS
using Microsoft.ML.OnnxRuntime;

namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>
/// The ONNX Runtime row: <see cref="OnnxRecurrentModel"/> run one time step per call on one thread,
/// the state fed back. Every tensor is an OrtValue over an array made once, bound once: two
/// IoBindings take turns, one reading state A and writing state B, the other the reverse, so a step
/// is one write of the input value, one RunWithBinding and one read of the output.
/// </summary>
public sealed class OnnxRuntimeStepper : IRecurrentStepper
{
    private readonly RecurrentShape _shape;
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly float[] _x;
    private readonly float[] _y;
    private readonly float[][] _states;
    private readonly List<OrtValue> _values = [];
    private readonly OrtIoBinding[] _bindings;
    private int _turn;

    public OnnxRuntimeStepper(RecurrentShape shape, float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(shape);
        _shape = shape;
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(OnnxRecurrentModel.Build(shape, parameters), _options);
        _x = new float[shape.Inputs];
        _y = new float[shape.Outputs];
        bool lstm = shape.Cell == RecurrentCell.Lstm;

        // h in turn 0 is states[0], h out states[1]; c likewise states[2] and states[3].
        _states = [.. Enumerable.Range(0, lstm ? 4 : 2).Select(_ => new float[shape.Hidden])];
        long[] stateShape = [1, 1, shape.Hidden];
        OrtValue x = Value(_x, [1, 1, shape.Inputs]);
        OrtValue y = Value(_y, [1, 1, shape.Outputs]);
        OrtValue[] states = [.. _states.Select(s => Value(s, stateShape))];
        _bindings = new OrtIoBinding[2];
        for (int turn = 0; turn < 2; turn++)
        {
            OrtIoBinding binding = _session.CreateIoBinding();
            binding.BindInput("x", x);
            binding.BindOutput("y", y);
            binding.BindInput("h0", states[turn]);
            binding.BindOutput("h1", states[1 - turn]);
            if (lstm)
            {
                binding.BindInput("c0", states[2 + turn]);
                binding.BindOutput("c1", states[3 - turn]);
            }

            _bindings[turn] = binding;
        }
    }

    public void Reset()
    {
        foreach (float[] state in _states)
        {
            Array.Clear(state);
        }

        _turn = 0;
    }

    public void Run(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int steps = inputs.Length / _shape.Inputs;
        for (int t = 0; t < steps; t++)
        {
            inputs.Slice(t * _shape.Inputs, _shape.Inputs).CopyTo(_x);
            _session.RunWithBinding(_run, _bindings[_turn]);
            _turn = 1 - _turn;
            _y.CopyTo(outputs.Slice(t * _shape.Outputs, _shape.Outputs));
        }
    }

    public void Dispose()
    {
        foreach (OrtIoBinding binding in _bindings)
        {
            binding.Dispose();
        }

        foreach (OrtValue value in _values)
        {
            value.Dispose();
        }

        _session.Dispose();
        _run.Dispose();
        _options.Dispose();
    }

    private OrtValue Value(float[] data, long[] shape)
    {
        OrtValue value = OrtValue.CreateTensorValueFromMemory(data, shape);
        _values.Add(value);
        return value;
    }
}
#endif
