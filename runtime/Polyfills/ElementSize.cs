using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Unrolled;

// The size of a number type in bytes. .NET Standard 2.1 has no Unsafe class (only a package brings
// it), and an internal twin named Unsafe would shadow the package's for code that looks it up by name.
internal static class ElementSize<T>
    where T : unmanaged
{
#if NET8_0_OR_GREATER
    public static int Bytes => Unsafe.SizeOf<T>();
#else
    public static readonly int Bytes = MemoryMarshal.AsBytes(new T[1].AsSpan()).Length;
#endif
}
