using System;
using System.Collections.Generic;
using System.Text;

namespace Unrolled.Onnx;

/// <summary>
/// The few protocol-buffer encodings an ONNX model needs: varints, strings, bytes and nested
/// messages, each field written as its tag and value. A message is built in memory so that its
/// length can precede it when it is nested.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int VarintWireType = 0;
    private const int Fixed32WireType = 5;
    private const int LengthDelimitedWireType = 2;

    private readonly System.Buffers.ArrayBufferWriter<byte> _bytes = new();

    public ProtobufWriter Int64(int field, long value)
    {
        Tag(field, VarintWireType);
        Varint((ulong)value);
        return this;
    }

    public ProtobufWriter Float(int field, float value)
    {
        Tag(field, Fixed32WireType);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(_bytes.GetSpan(4), value);
        _bytes.Advance(4);
        return this;
    }

    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtobufWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimitedWireType);
        Varint((ulong)value.Length);
        value.CopyTo(_bytes.GetSpan(value.Length));
        _bytes.Advance(value.Length);
        return this;
    }

    public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.ToArray());

    public ProtobufWriter Messages(int field, IEnumerable<ProtobufWriter> messages)
    {
        foreach (ProtobufWriter message in messages)
        {
            Message(field, message);
        }

        return this;
    }

    public byte[] ToArray() => _bytes.WrittenSpan.ToArray();

    private void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        WriteByte((byte)value);
    }

    private void WriteByte(byte value)
    {
        _bytes.GetSpan(1)[0] = value;
        _bytes.Advance(1);
    }
}
