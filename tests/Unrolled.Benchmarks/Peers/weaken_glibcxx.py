#!/usr/bin/env python3
"""Marks one version requirement of a shared library weak, in place.

libLibTorchSharp.so (TorchSharp 0.107) asks libstdc++ for GLIBCXX_3.4.32, which Debian 12's
libstdc++ (up to 3.4.30) lacks, so the loader refuses the library. The one symbol of that version
is never called by the benchmarks, so a weak requirement (VER_FLG_WEAK) lets the library load
and changes nothing else. The build runs this on its own output copy, never on the NuGet cache.

usage: weaken_glibcxx.py LIBRARY VERSION
"""
import os
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def main(path, version):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"{path}: not a little-endian 64-bit ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + n * shentsize) for n in range(shnum)]
    changed = 0
    for (_, sh_type, _, _, offset, _, link, info, _, _) in sections:
        if sh_type != SHT_GNU_VERNEED:
            continue
        strings = sections[link][4]
        need = offset
        for _ in range(info):
            _, count, _, aux, following = struct.unpack_from("<HHIII", data, need)
            entry = need + aux
            for _ in range(count):
                _, flags, _, name, next_aux = struct.unpack_from("<IHHII", data, entry)
                end = data.index(0, strings + name)
                if data[strings + name:end].decode() == version and not flags & VER_FLG_WEAK:
                    struct.pack_into("<H", data, entry + 4, flags | VER_FLG_WEAK)
                    changed += 1
                entry += next_aux
            need += following
    if changed:
        # A new file renamed over the old one: never writes through a hard link into a package cache.
        with open(path + ".tmp", "wb") as out:
            out.write(data)
        os.chmod(path + ".tmp", os.stat(path).st_mode)
        os.replace(path + ".tmp", path)
    print(f"{path}: {version} marked weak in {changed} place(s)")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
