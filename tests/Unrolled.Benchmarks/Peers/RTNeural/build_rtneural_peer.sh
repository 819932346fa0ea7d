#!/bin/bash
# Builds librtneural_peer.so, the issue-22 benchmark's RTNeural row: rtneural_peer.cpp over RTNeural's compile-time
# models, Eigen backend (the Eigen RTNeural bundles), -O3 -march=native.
#   bash build_rtneural_peer.sh [OUT_DIR]                   clones RTNeural's public repository first
#   RTNEURAL_SOURCE=/path/to/RTNeural bash build_rtneural_peer.sh [OUT_DIR]   uses that source tree
# Prints the library's path: pass it to the benchmark as UNROLLED_RTNEURAL_LIBRARY.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/bin}"
mkdir -p "$out"
src="${RTNEURAL_SOURCE:-}"
if [ -z "$src" ]; then
  src="$out/RTNeural"
  if [ ! -d "$src" ]; then
    git clone --quiet --depth 1 https://github.com/jatinchowdhury18/RTNeural "$src"
  fi
fi
if [ ! -f "$src/RTNeural/RTNeural.h" ] || [ ! -d "$src/modules/Eigen" ]; then
  echo "$src is not an RTNeural source tree with its bundled Eigen (modules/Eigen)" >&2
  exit 1
fi
g++ -std=c++17 -O3 -march=native -DNDEBUG -shared -fPIC -fvisibility=hidden \
    -DRTNEURAL_USE_EIGEN=1 -DRTNEURAL_DEFAULT_ALIGNMENT=32 -DRTNEURAL_NAMESPACE=RTNeural \
    -I"$src" -I"$src/modules/Eigen" -I"$src/modules/json" \
    -o "$out/librtneural_peer.so" "$here/rtneural_peer.cpp"
echo "$out/librtneural_peer.so"
