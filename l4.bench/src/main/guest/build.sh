#!/bin/sh
# Builds the guest benchmark programs with Debian's cross compiler (gcc-mips64el-linux-gnuabi64)
# into ../resources/l4/bench/guest/. Run from anywhere; the binaries are committed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/l4/bench/guest"
mkdir -p "$out"
mips64el-linux-gnuabi64-gcc -O2 -march=mips64r2 -mabi=64 -msym32 -mno-abicalls -fno-pic -ffreestanding \
    -fno-builtin -nostdlib -static -no-pie -Wl,-Ttext-segment=0x400000 -Wl,--build-id=none -s \
    -o "$out/sieve.elf" "$here/sieve.c"
echo "built $out/sieve.elf"
