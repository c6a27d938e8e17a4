#!/bin/sh
# Builds the freestanding robustness programs (Debian's gcc-mips64el-linux-gnuabi64) into
# src/test/resources/l4/linuxserver/robust/; the built binaries are committed.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT="$HERE/../../resources/l4/linuxserver/robust"
mkdir -p "$OUT"
for c in garbage jumpzero unmapped closedpipe forkbomb; do
    mips64el-linux-gnuabi64-gcc -O1 -static -nostdlib -ffreestanding -fno-pic -mno-abicalls -march=mips64r2 \
        -Wl,--build-id=none -o "$OUT/$c" "$HERE/$c.c"
done
