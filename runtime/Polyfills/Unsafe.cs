#if !NET8_0_OR_GREATER
using System.Runtime.InteropServices;

namespace System.Runtime.CompilerServices;

// .NET Standard 2.1 has no Unsafe class (only a package brings it); the runtime needs just the size
// of double and float, which the bytes of one element give without unsafe code.
internal static class Unsafe
{
    public static int SizeOf<T>()
        where T : unmanaged => ElementSize<T>.Bytes;

    private static class ElementSize<T>
        where T : unmanaged
    {
        public static readonly int Bytes = MemoryMarshal.AsBytes(new T[1].AsSpan()).Length;
    }
}
#endif
