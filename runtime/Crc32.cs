using System;

#if UNROLLED_GENERATOR
// The generator compiles this file too, for the frozen networks' weights files: in its own
// namespace, so a project that sees both assemblies' internals never finds two types of one name.
namespace Unrolled.Generator.Parsing;
#else
namespace Unrolled;
#endif

/// <summary>
/// CRC-32 as in zlib, PNG and Ethernet (reflected polynomial 0xEDB88320, initial value and final
/// XOR 0xFFFFFFFF): the checksum at the end of a saved network. "123456789" gives 0xCBF43926.
/// </summary>
/// <remarks>
/// The one implementation: compiled into the runtime and, as a linked file, into the generator
/// (netstandard2.0), so it uses no API newer than netstandard2.0 and System.Memory.
/// </remarks>
internal static class Crc32
{
    private static readonly uint[] s_table = CreateTable();

    public static uint Compute(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in bytes)
        {
            crc = s_table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
