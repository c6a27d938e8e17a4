#!/bin/sh
# Builds lxbench (Debian's gcc-mips64el-linux-gnuabi64) into src/test/resources/l4/linuxserver/bench/;
# the built binary is committed.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT="$HERE/../../resources/l4/linuxserver/bench"
mkdir -p "$OUT"
mips64el-linux-gnuabi64-gcc -O1 -static -nostdlib -ffreestanding -fno-pic -mno-abicalls -march=mips64r2 \
    -Wl,--build-id=none -o "$OUT/lxbench" "$HERE/lxbench.c"
