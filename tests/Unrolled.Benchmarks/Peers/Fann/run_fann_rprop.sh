#!/bin/bash
# FANN's side of the RPROP comparison (issue 21): installs Debian's FANN and its benchmark datasets
# if missing, builds fann_rprop.c against FANN in float (libfloatfann, what FANN's own benchmarks
# use) and in double (libdoublefann), and runs both on parity8 and two-spiral. See RPROP.md.
#
#   bash tests/Unrolled.Benchmarks/Peers/Fann/run_fann_rprop.sh [FIRST_SEED [SEED_COUNT]]
#   bash tests/Unrolled.Benchmarks/Peers/Fann/run_fann_rprop.sh --trace
#
# --trace instead builds fann_irpropm_trace.c and prints FANN's own iRPROP- steps on three weights,
# the table RpropReferenceTests.FannTrace holds.
#
# Needs root for apt-get when libfann-dev or libfann-doc is missing. Writes its binaries to a
# temporary folder, nothing into the repository.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
trace=false
if [ "${1:-}" = "--trace" ]; then
    trace=true
    shift
fi
first_seed="${1:-1}"
seed_count="${2:-10}"
datasets=/usr/share/doc/libfann-dev/examples/datasets

missing=()
[ -f /usr/include/fann.h ] || missing+=(libfann-dev)
[ -f "$datasets/parity8.train" ] || missing+=(libfann-doc)
command -v gcc > /dev/null || missing+=(gcc)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "run_fann_rprop.sh: needs ${missing[*]}; run as root, or: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
fi

build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
if $trace; then
    gcc -std=c11 -O2 -Wall -Wextra -o "$build/fann_irpropm_trace" "$here/fann_irpropm_trace.c" -ldoublefann -lm
    "$build/fann_irpropm_trace"
    exit 0
fi

gcc -std=c11 -D_POSIX_C_SOURCE=199309L -O2 -Wall -Wextra -o "$build/fann_rprop_float" "$here/fann_rprop.c" -lfloatfann -lm
gcc -std=c11 -D_POSIX_C_SOURCE=199309L -O2 -Wall -Wextra -DUSE_DOUBLE -o "$build/fann_rprop_double" "$here/fann_rprop.c" -ldoublefann -lm

echo "# FANN $(dpkg-query -W -f '${Version}' libfann-dev 2>/dev/null || echo '?'), datasets from $datasets, seeds $first_seed..$((first_seed + seed_count - 1))"
for precision in float double; do
    start=$(date +%s.%N)
    "$build/fann_rprop_$precision" "$datasets" "$first_seed" "$seed_count"
    echo "# fann_rprop_$precision: $(echo "$(date +%s.%N) - $start" | bc) s wall clock, reading and testing included"
done
