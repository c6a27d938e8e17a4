#!/bin/sh
# Builds the L4-native guest programs (examples/*.c) against libl4 with Debian's cross compiler
# (gcc-mips64el-linux-gnuabi64) into examples/*.elf, which are committed; CI can run this to check
# that the library still builds.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-mips64el-linux-gnuabi64-gcc}
CFLAGS="-O2 -march=mips64r2 -mabi=64 -msym32 -mno-abicalls -fno-pic -ffreestanding -fno-builtin -nostdlib -static -no-pie"
for src in "$here"/examples/*.c; do
    out="${src%.c}.elf"
    $CC $CFLAGS -I"$here/libl4" -T "$here/libl4/l4.ld" -Wl,--build-id=none -o "$out" "$here/libl4/crt0.S" "$src"
    echo "built $out"
done
