#!/bin/sh
# Builds stackdump.c (Debian's gcc-mips64el-linux-gnuabi64) and records the initial stack that
# qemu-mips64el (Debian qemu-user) gives it, with fixed arguments and environment, as the golden
# file of InitialStackTest. Run from anywhere; the ELF and the golden file are committed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
res="$here/../../resources/l4/loader/elf"
mkdir -p "$res"
mips64el-linux-gnuabi64-gcc -O2 -march=mips64r2 -mabi=64 -msym32 -mno-abicalls -fno-pic -ffreestanding -fno-builtin \
    -nostdlib -static -no-pie -Wl,-Ttext-segment=0x400000 -Wl,--build-id=none -s -o "$res/stackdump.elf" "$here/stackdump.c"
cd "$res"
env -i HOME=/root TERM=dumb qemu-mips64el ./stackdump.elf one "two words" "" > stackdump.qemu.txt
echo "wrote $res/stackdump.qemu.txt ($(wc -l < stackdump.qemu.txt) words)"
