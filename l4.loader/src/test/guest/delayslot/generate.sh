#!/bin/sh
# Builds delayslot.S (Debian's gcc-mips64el-linux-gnuabi64) into the test resource the loader's
# tests run; the ELF is committed. Run from anywhere.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
res="$here/../../resources/l4/loader/elf"
mkdir -p "$res"
mips64el-linux-gnuabi64-gcc -march=mips64r2 -mabi=64 -msym32 -mno-abicalls -fno-pic -nostdlib -static -no-pie \
    -Wl,-Ttext-segment=0x400000 -Wl,--build-id=none -Wl,-z,max-page-size=4096 -s -o "$res/delayslot.elf" "$here/delayslot.S"
echo "built $res/delayslot.elf"
