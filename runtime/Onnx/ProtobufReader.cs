using System.Globalization;
using System.IO;
using System.Text;

namespace Unrolled.Onnx;

/// <summary>
/// Reads the protocol-buffer encodings an ONNX model uses: a field's tag, then a varint, a fixed
/// 32- or 64-bit number, or a length-delimited run of bytes (a string, bytes, a nested message or
/// a packed array). Every read is bounds-checked: a truncated or corrupted file is an
/// <see cref="InvalidDataException"/> that gives the byte offset, never an index error.
/// </summary>
/// <remarks>
/// Compiled into the runtime and, as a linked file, into the generator (netstandard2.0), so it
/// uses no API newer than netstandard2.0.
/// </remarks>
internal sealed class ProtobufReader
{
    public const int VarintWireType = 0;
    public const int Fixed64WireType = 1;
    public const int LengthDelimitedWireType = 2;
    public const int Fixed32WireType = 5;

    private readonly byte[] _bytes;
    private readonly int _end;
    private int _position;

    public ProtobufReader(byte[] bytes)
        : this(bytes, 0, bytes.Length)
    {
    }

    private ProtobufReader(byte[] bytes, int start, int end)
    {
        _bytes = bytes;
        _position = start;
        _end = end;
    }

    /// <summary>True while this message has bytes left to read.</summary>
    public bool HasMore => _position < _end;

    /// <summary>Moves to the next field of this message; false at its end.</summary>
    public bool Next(out int field, out int wireType)
    {
        if (_position >= _end)
        {
            field = 0;
            wireType = 0;
            return false;
        }

        int at = _position;
        ulong tag = Varint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field == 0 || tag >> 3 > int.MaxValue || wireType is not (VarintWireType or Fixed64WireType or LengthDelimitedWireType or Fixed32WireType))
        {
            throw Corrupted($"an invalid field tag at byte {Text(at)}");
        }

        return true;
    }

    public ulong Varint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Corrupted($"a number longer than 10 bytes before byte {Text(_position)}");
    }

    public uint Fixed32()
    {
        Need(4);
        uint value = (uint)(_bytes[_position] | (_bytes[_position + 1] << 8) | (_bytes[_position + 2] << 16) | (_bytes[_position + 3] << 24));
        _position += 4;
        return value;
    }

    public ulong Fixed64()
    {
        uint low = Fixed32();
        return low | ((ulong)Fixed32() << 32);
    }

    /// <summary>A nested message, or a packed array, to read with its own reader.</summary>
    public ProtobufReader Message()
    {
        int length = Length();
        var message = new ProtobufReader(_bytes, _position, _position + length);
        _position += length;
        return message;
    }

    public byte[] Bytes()
    {
        int length = Length();
        byte[] bytes = new byte[length];
        System.Array.Copy(_bytes, _position, bytes, 0, length);
        _position += length;
        return bytes;
    }

    public string String()
    {
        int length = Length();
        string value = Encoding.UTF8.GetString(_bytes, _position, length);
        _position += length;
        return value;
    }

    /// <summary>Passes over a field this reader does not need.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case VarintWireType:
                Varint();
                break;
            case Fixed64WireType:
                Need(8);
                _position += 8;
                break;
            case Fixed32WireType:
                Need(4);
                _position += 4;
                break;
            default:
                // Not "_position += Length()": that would add the length to the position before its prefix was read.
                int length = Length();
                _position += length;
                break;
        }
    }

    /// <summary>Throws unless a field has the wire type its number calls for in ONNX's schema.</summary>
    public void Expect(int field, int wireType, int expected)
    {
        if (wireType != expected)
        {
            throw Corrupted($"field {Text(field)} with wire type {Text(wireType)} instead of {Text(expected)} before byte {Text(_position)}");
        }
    }

    public static InvalidDataException Corrupted(string what) =>
        new($"The ONNX file has {what}: it is truncated, corrupted or not an ONNX model.");

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private int Length()
    {
        ulong length = Varint();
        if (length > (ulong)(_end - _position))
        {
            long claimed = (long)System.Math.Min(length, long.MaxValue);
            throw Corrupted($"a field of {Text(claimed)} byte{(claimed == 1 ? string.Empty : "s")} at byte {Text(_position)}, past the end of its message at byte {Text(_end)}");
        }

        return (int)length;
    }

    private byte Byte()
    {
        Need(1);
        return _bytes[_position++];
    }

    private void Need(int count)
    {
        if (_end - _position < count)
        {
            throw Corrupted($"a field that runs past the end of its message at byte {Text(_end)}");
        }
    }
}
