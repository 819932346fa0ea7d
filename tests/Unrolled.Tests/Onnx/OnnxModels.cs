using System.Runtime.InteropServices;
using Unrolled.Onnx;

namespace Unrolled.Tests.Onnx;

/// <summary>How a test model stores a tensor's numbers: the two number types, each in raw_data or in its typed field.</summary>
public enum TensorForm
{
    FloatRaw,
    FloatTyped,
    DoubleRaw,
    DoubleTyped,
}

/// <summary>
/// ONNX models written node by node with the runtime's own protobuf writer: graph shapes and
/// numbers no exporter would write on purpose, but a damaged or diverged model holds.
/// </summary>
internal static class OnnxModels
{
    /// <summary>A model of these nodes and initializers, input "input" of the declared shape (null: none), output "output".</summary>
    public static MemoryStream Model(ProtobufWriter[] nodes, ProtobufWriter[] initializers, string[]? inputShape = null)
    {
        var input = new ProtobufWriter().String(1, "input");
        if (inputShape is not null)
        {
            var shape = new ProtobufWriter();
            foreach (string dim in inputShape)
            {
                shape.Message(1, long.TryParse(dim, out long size) ? new ProtobufWriter().Int64(1, size) : new ProtobufWriter().String(2, dim));
            }

            input.Message(2, new ProtobufWriter().Message(1, new ProtobufWriter().Int64(1, 1).Message(2, shape)));
        }

        var graph = new ProtobufWriter().Messages(1, nodes).Messages(5, initializers)
            .Message(11, input)
            .Message(12, new ProtobufWriter().String(1, "output"));
        return new MemoryStream(new ProtobufWriter().Int64(1, 8).Message(7, graph).Message(8, new ProtobufWriter().String(1, string.Empty).Int64(2, 13)).ToArray());
    }

    public static ProtobufWriter Node(string op, string name, string[] inputs, string output, params ProtobufWriter[] attributes)
    {
        var node = new ProtobufWriter();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }

        return node.String(2, output).String(3, name).String(4, op).Messages(5, attributes);
    }

    public static ProtobufWriter Int(string name, long value) => new ProtobufWriter().String(1, name).Int64(3, value).Int64(20, 2);

    public static ProtobufWriter Float(string name, float value) => new ProtobufWriter().String(1, name).Float(2, value).Int64(20, 1);

    /// <summary>A float64 tensor in raw_data.</summary>
    public static ProtobufWriter Tensor(string name, long[] dims, double[] values) => Tensor(name, dims, values, TensorForm.DoubleRaw);

    public static ProtobufWriter Tensor(string name, long[] dims, double[] values, TensorForm form)
    {
        var tensor = new ProtobufWriter();
        foreach (long dim in dims)
        {
            tensor.Int64(1, dim);
        }

        float[] floats = [.. values.Select(v => (float)v)];
        bool isDouble = form is TensorForm.DoubleRaw or TensorForm.DoubleTyped;
        ReadOnlySpan<byte> bytes = isDouble ? MemoryMarshal.AsBytes(values.AsSpan()) : MemoryMarshal.AsBytes(floats.AsSpan());

        // raw_data is field 9; the typed fields, packed, are float_data (4) and double_data (10).
        int field = form switch
        {
            TensorForm.FloatRaw or TensorForm.DoubleRaw => 9,
            TensorForm.FloatTyped => 4,
            TensorForm.DoubleTyped => 10,
            _ => throw new ArgumentOutOfRangeException(nameof(form), form, "Not a tensor form."),
        };
        return tensor.Int64(2, isDouble ? 11 : 1).String(8, name).Bytes(field, bytes);
    }

    /// <summary>An int64 tensor in raw_data, as exporters write a Reshape's shape.</summary>
    public static ProtobufWriter Int64Tensor(string name, long[] values) =>
        new ProtobufWriter().Int64(1, values.Length).Int64(2, 7).String(8, name).Bytes(9, MemoryMarshal.AsBytes(values.AsSpan()));
}
