#if !NET8_0_OR_GREATER
using System.Buffers.Binary;

namespace System;

// .NET 8's formatting and byte helpers, for .NET Standard 2.1, with the same results.
internal static class FormattingPolyfills
{
    extension(string)
    {
        // Where .NET 8 formats an interpolated string with the provider, FormattableString does the same.
        public static string Create(IFormatProvider provider, FormattableString text) => text.ToString(provider);
    }

    extension(Convert)
    {
        public static string ToHexString(byte[] bytes, int offset, int length) =>
            BitConverter.ToString(bytes, offset, length).Replace("-", string.Empty, StringComparison.Ordinal);
    }

    extension(BinaryPrimitives)
    {
        public static void WriteSingleLittleEndian(Span<byte> destination, float value) =>
            BinaryPrimitives.WriteInt32LittleEndian(destination, BitConverter.SingleToInt32Bits(value));
    }
}
#endif
