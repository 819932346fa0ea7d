using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Unrolled.Onnx;

/// <summary>
/// The parts of an ONNX ModelProto that a chain of fully connected layers uses: the graph's
/// nodes in order, its initializers (and Constant nodes' tensors) by name, the names of its
/// inputs and outputs, and its inputs' declared shapes. Everything else in the file is skipped.
/// Field numbers are those of onnx.proto.
/// </summary>
/// <remarks>
/// A tensor of another number type (an int64 shape constant) or stored outside the file is read
/// without its numbers and refused only when the chain uses it as weights, so that a model is
/// refused for the node it cannot map, not for a constant that node would have used.
/// </remarks>
/// <remarks>Shared with the generator as a linked file: netstandard2.0 API only.</remarks>
internal sealed class OnnxGraph
{
    private const int FloatType = 1;
    private const int DoubleType = 11;
    private const int Int64Type = 7;
    private const int ExternalLocation = 1;

    private OnnxGraph()
    {
    }

    public List<OnnxNode> Nodes { get; } = [];

    public Dictionary<string, OnnxTensor> Initializers { get; } = new(StringComparer.Ordinal);

    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    /// <summary>Each input's declared dimensions ("N", "2"), or null when the model declares no shape for it.</summary>
    public Dictionary<string, IReadOnlyList<string>?> InputShapes { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads a serialized ModelProto.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model, or are truncated or corrupted.</exception>
    public static OnnxGraph Read(byte[] model)
    {
        var reader = new ProtobufReader(model);
        OnnxGraph? graph = null;
        while (reader.Next(out int field, out int wireType))
        {
            if (field == 7)
            {
                reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                graph = ReadGraph(reader.Message());
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return graph ?? throw new InvalidDataException("The file holds no ONNX graph: it is empty or not an ONNX model.");
    }

    private static OnnxGraph ReadGraph(ProtobufReader reader)
    {
        var graph = new OnnxGraph();
        while (reader.Next(out int field, out int wireType))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                    graph.Nodes.Add(ReadNode(reader.Message(), graph.Nodes.Count));
                    break;
                case 5:
                    reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                    OnnxTensor tensor = ReadTensor(reader.Message(), string.Empty);
                    graph.Initializers[tensor.Name] = tensor;
                    break;
                case 11:
                    reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                    string input = ReadValueInfo(reader.Message(), out IReadOnlyList<string>? shape);
                    graph.Inputs.Add(input);
                    graph.InputShapes[input] = shape;
                    break;
                case 12:
                    reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                    graph.Outputs.Add(ReadValueInfo(reader.Message(), out _));
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return graph;
    }

    private static OnnxNode ReadNode(ProtobufReader reader, int index)
    {
        var node = new OnnxNode(index);
        while (reader.Next(out int field, out int wireType))
        {
            switch (field)
            {
                case 1:
                case 2:
                case 3:
                case 4:
                case 7:
                    reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                    string text = reader.String();
                    if (field == 1)
                    {
                        node.Inputs.Add(text);
                    }
                    else if (field == 2)
                    {
                        node.Outputs.Add(text);
                    }
                    else if (field == 3)
                    {
                        node.Name = text;
                    }
                    else if (field == 4)
                    {
                        node.OpType = text;
                    }
                    else
                    {
                        node.Domain = text;
                    }

                    break;
                case 5:
                    reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                    ReadAttribute(reader.Message(), node);
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return node;
    }

    // AttributeProto: name (1), f (2), i (3), s (4), t (5), ints (8), strings (9). Other kinds are kept
    // only as present, so that a node whose meaning depends on them is refused rather than misread.
    private static void ReadAttribute(ProtobufReader reader, OnnxNode node)
    {
        string name = string.Empty;
        float? f = null;
        long? i = null;
        string? s = null;
        OnnxTensor? tensor = null;
        List<long>? ints = null;
        List<string>? strings = null;
        while (reader.Next(out int field, out int wireType))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                    name = reader.String();
                    break;
                case 2:
                    reader.Expect(field, wireType, ProtobufReader.Fixed32WireType);
                    f = ToSingle(reader.Fixed32());
                    break;
                case 3:
                    reader.Expect(field, wireType, ProtobufReader.VarintWireType);
                    i = (long)reader.Varint();
                    break;
                case 4:
                    reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                    s = reader.String();
                    break;
                case 5:
                    reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                    tensor = ReadTensor(reader.Message(), node.Outputs.Count > 0 ? node.Outputs[0] : string.Empty);
                    break;
                case 8:
                    ints ??= [];
                    ReadRepeated(reader, field, wireType, ProtobufReader.VarintWireType, r => ints.Add((long)r.Varint()));
                    break;
                case 9:
                    reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                    (strings ??= []).Add(reader.String());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        node.Attributes[name] = new OnnxAttribute(f, i, s, tensor) { Ints = ints, Strings = strings };
    }

    // TensorProto: dims (1), data_type (2), float_data (4), int64_data (7), name (8), raw_data (9),
    // double_data (10), external_data (13), data_location (14).
    private static OnnxTensor ReadTensor(ProtobufReader reader, string defaultName)
    {
        var dims = new List<long>();
        var floatData = new List<double>();
        var doubleData = new List<double>();
        var int64Data = new List<long>();
        int dataType = 0;
        string name = defaultName;
        byte[]? raw = null;
        bool external = false;
        while (reader.Next(out int field, out int wireType))
        {
            switch (field)
            {
                case 1:
                    ReadRepeated(reader, field, wireType, ProtobufReader.VarintWireType, r => dims.Add((long)r.Varint()));
                    break;
                case 2:
                    reader.Expect(field, wireType, ProtobufReader.VarintWireType);
                    dataType = (int)reader.Varint();
                    break;
                case 4:
                    ReadRepeated(reader, field, wireType, ProtobufReader.Fixed32WireType, r => floatData.Add(ToSingle(r.Fixed32())));
                    break;
                case 7:
                    ReadRepeated(reader, field, wireType, ProtobufReader.VarintWireType, r => int64Data.Add((long)r.Varint()));
                    break;
                case 8:
                    reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                    name = reader.String();
                    break;
                case 9:
                    reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                    raw = reader.Bytes();
                    break;
                case 10:
                    ReadRepeated(reader, field, wireType, ProtobufReader.Fixed64WireType, r => doubleData.Add(BitConverter.Int64BitsToDouble((long)r.Fixed64())));
                    break;
                case 13:
                    reader.Skip(wireType);
                    external = true;
                    break;
                case 14:
                    reader.Expect(field, wireType, ProtobufReader.VarintWireType);
                    external |= reader.Varint() == ExternalLocation;
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        long count = 1;
        foreach (long dim in dims)
        {
            count = dim < 0 || dim > int.MaxValue ? -1 : count * dim;
            if (count < 0 || count > int.MaxValue)
            {
                throw new InvalidDataException($"The tensor \"{name}\" has an invalid shape: the file is corrupted.");
            }
        }

        if (external)
        {
            return OnnxTensor.WithoutNumbers(name, dims, dataType, $"The tensor \"{name}\" is stored outside the model file (external data), and Unrolled reads a single .onnx file: export the model again without external data (onnx.save(model, path, save_as_external_data=False)).");
        }

        if (dataType == Int64Type)
        {
            // An axis list or a shape: kept as integers, for the Squeeze and Slice nodes that read them.
            long[] integers = raw is not null && raw.Length == count * 8
                ? [.. Enumerable.Range(0, (int)count).Select(v => (long)(ReadUInt32(raw, 8 * v) | ((ulong)ReadUInt32(raw, (8 * v) + 4) << 32)))]
                : [.. int64Data];
            return OnnxTensor.WithoutNumbers(name, dims, dataType, $"The tensor \"{name}\" holds ONNX data type {Text(dataType)}, and Unrolled imports float (1) or double (11) tensors: export the model in float32 or float64.", integers);
        }

        if (dataType is not (FloatType or DoubleType))
        {
            return OnnxTensor.WithoutNumbers(name, dims, dataType, $"The tensor \"{name}\" holds ONNX data type {Text(dataType)}, and Unrolled imports float (1) or double (11) tensors: export the model in float32 or float64.");
        }

        int element = dataType == FloatType ? 4 : 8;
        double[] values;
        if (raw is not null)
        {
            if (raw.Length != count * element)
            {
                throw new InvalidDataException($"The tensor \"{name}\" has {Count(raw.Length, "byte")} of data for {Count(count, "number")} of {Text(element)} bytes: the file is truncated or corrupted.");
            }

            values = new double[count];
            for (int v = 0; v < count; v++)
            {
                values[v] = element == 4 ? ToSingle(ReadUInt32(raw, 4 * v)) : BitConverter.Int64BitsToDouble((long)(ReadUInt32(raw, 8 * v) | ((ulong)ReadUInt32(raw, (8 * v) + 4) << 32)));
            }
        }
        else
        {
            // float_data holds a float tensor's numbers, double_data a double's. A float tensor that
            // stores doubles could hand a float network 1e300, which it can only hold as infinity.
            List<double> typed = dataType == FloatType ? floatData : doubleData;
            List<double> other = dataType == FloatType ? doubleData : floatData;
            if (other.Count > 0)
            {
                throw new InvalidDataException($"The tensor \"{name}\" is {(dataType == FloatType ? "float" : "double")} (ONNX data type {Text(dataType)}) but stores numbers in {(dataType == FloatType ? "double_data" : "float_data")}: the file is corrupted.");
            }

            if (typed.Count != count)
            {
                throw new InvalidDataException($"The tensor \"{name}\" has {Count(typed.Count, "number")} for a shape of {Text(count)}: the file is truncated or corrupted.");
            }

            values = typed.ToArray();
        }

        return new OnnxTensor(name, dims.ToArray(), dataType, values, null);
    }

    // A repeated scalar field: packed (one length-delimited run) or one field per value.
    private static void ReadRepeated(ProtobufReader reader, int field, int wireType, int scalarWireType, Action<ProtobufReader> readOne)
    {
        if (wireType == ProtobufReader.LengthDelimitedWireType)
        {
            ProtobufReader packed = reader.Message();
            while (packed.HasMore)
            {
                readOne(packed);
            }

            return;
        }

        reader.Expect(field, wireType, scalarWireType);
        readOne(reader);
    }

    // ValueInfoProto: name (1), type (2) -> TypeProto.tensor_type (1) -> shape (2) -> dim (1), each
    // dim_value (1) or dim_param (2). The shape is null when the model declares none.
    private static string ReadValueInfo(ProtobufReader reader, out IReadOnlyList<string>? shape)
    {
        string name = string.Empty;
        shape = null;
        while (reader.Next(out int field, out int wireType))
        {
            if (field is 1 or 2)
            {
                reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                if (field == 1)
                {
                    name = reader.String();
                }
                else
                {
                    shape = Nested(reader.Message(), 1, tensorType => Nested(tensorType, 2, ReadShape)) ?? shape;
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return name;
    }

    // The last occurrence of a length-delimited field of a message, read by readField; null when absent.
    private static T? Nested<T>(ProtobufReader reader, int wanted, Func<ProtobufReader, T?> readField)
        where T : class
    {
        T? found = null;
        while (reader.Next(out int field, out int wireType))
        {
            if (field == wanted)
            {
                reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                found = readField(reader.Message());
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return found;
    }

    private static IReadOnlyList<string> ReadShape(ProtobufReader reader)
    {
        var dims = new List<string>();
        while (reader.Next(out int field, out int wireType))
        {
            if (field == 1)
            {
                reader.Expect(field, wireType, ProtobufReader.LengthDelimitedWireType);
                ProtobufReader dim = reader.Message();
                string text = "?";
                while (dim.Next(out int dimField, out int dimWireType))
                {
                    if (dimField == 1)
                    {
                        dim.Expect(dimField, dimWireType, ProtobufReader.VarintWireType);
                        text = Text((long)dim.Varint());
                    }
                    else if (dimField == 2)
                    {
                        dim.Expect(dimField, dimWireType, ProtobufReader.LengthDelimitedWireType);
                        text = dim.String();
                    }
                    else
                    {
                        dim.Skip(dimWireType);
                    }
                }

                dims.Add(text);
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return dims;
    }

    private static uint ReadUInt32(byte[] bytes, int offset) =>
        (uint)(bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24));

    // netstandard2.0 has no BitConverter.Int32BitsToSingle.
    private static float ToSingle(uint bits)
    {
        byte[] bytes = BitConverter.GetBytes(bits);
        return BitConverter.ToSingle(bytes, 0);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Count(long value, string noun) => Text(value) + " " + noun + (value == 1 ? string.Empty : "s");
}

/// <summary>A node of the graph: its operator, its inputs and outputs by name, its attributes.</summary>
internal sealed class OnnxNode(int index)
{
    /// <summary>The node's position in the graph, counted from 0.</summary>
    public int Index { get; } = index;

    public string Name { get; set; } = string.Empty;

    public string OpType { get; set; } = string.Empty;

    public string Domain { get; set; } = string.Empty;

    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    public Dictionary<string, OnnxAttribute> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>"node 3 \"/1/Div\" (Div)": how messages name the node.</summary>
    public override string ToString() => $"node {Index.ToString(CultureInfo.InvariantCulture)} \"{Name}\" ({OpType})";
}

/// <summary>An attribute's float, integer, string or tensor value, whichever the file gives.</summary>
internal sealed class OnnxAttribute(float? f, long? i, string? s, OnnxTensor? tensor)
{
    public float? F { get; } = f;

    public long? I { get; } = i;

    /// <summary>A string attribute, such as Gelu's approximate ("none" or "tanh").</summary>
    public string? S { get; } = s;

    public OnnxTensor? Tensor { get; } = tensor;

    /// <summary>A list of integers, such as Transpose's perm, or null when the attribute has none.</summary>
    public IReadOnlyList<long>? Ints { get; set; }

    /// <summary>A list of strings, such as a GRU's activations, or null when the attribute has none.</summary>
    public IReadOnlyList<string>? Strings { get; set; }
}

/// <summary>
/// A tensor: float or double numbers widened to double (exactly, for float); or, for another
/// number type or data stored outside the file, no numbers and the reason it cannot be used.
/// </summary>
internal sealed class OnnxTensor(string name, long[] dims, int dataType, double[] values, string? unusable)
{
    public string Name { get; } = name;

    public long[] Dims { get; } = dims;

    /// <summary>ONNX's TensorProto.DataType: 1 float, 11 double, 7 int64, ...</summary>
    public int DataType { get; } = dataType;

    public bool IsDouble => DataType == 11;

    /// <summary>The numbers in stored (row-major) order; empty when <see cref="Unusable"/> says why.</summary>
    public double[] Values { get; } = values;

    /// <summary>Why these numbers cannot be weights (another data type, external data), or null when they can.</summary>
    public string? Unusable { get; } = unusable;

    /// <summary>An int64 tensor's numbers (an axis list, a shape); empty for every other type.</summary>
    public long[] Integers { get; private set; } = [];

    /// <summary>"[4, 2]".</summary>
    public string Shape => "[" + string.Join(", ", Array.ConvertAll(Dims, d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    public static OnnxTensor WithoutNumbers(string name, List<long> dims, int dataType, string why, long[]? integers = null) =>
        new(name, dims.ToArray(), dataType, [], why) { Integers = integers ?? [] };
}
