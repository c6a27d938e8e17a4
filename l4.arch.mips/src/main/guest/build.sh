#!/bin/sh
# Builds the guest programs with Debian's cross compiler (gcc-mips64el-linux-gnuabi64); the .elf
# files are committed beside their sources (l4.loader ships them, l4:exec runs them by name), and
# CI (.ci/guest-check) checks that this script still makes them:
#   examples/*.c  L4-native programs: crt0.S + libl4 (the seven calls, the loader's protocol), l4.ld;
#                 marked ELFOSABI_STANDALONE (255) in e_ident[EI_OSABI], which is how l4.loader tells
#                 them from Linux programs (System V, 0)
#   linux/*.c     freestanding static Linux n64 programs: linux/start.S, only write and exit_group
set -eu
here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-mips64el-linux-gnuabi64-gcc}
CFLAGS="-O2 -march=mips64r2 -mabi=64 -msym32 -mno-abicalls -fno-pic -ffreestanding -fno-builtin -nostdlib -static -no-pie"
for src in "$here"/examples/*.c; do
    out="${src%.c}.elf"
    $CC $CFLAGS -I"$here/libl4" -T "$here/libl4/l4.ld" -Wl,--build-id=none -Wl,-z,max-page-size=4096 -o "$out" \
        "$here/libl4/crt0.S" "$here/libl4/loader.c" "$src"
    printf '\377' | dd of="$out" bs=1 seek=7 conv=notrunc status=none
    echo "built $out"
done
for src in "$here"/linux/*.c; do
    out="${src%.c}.elf"
    $CC $CFLAGS -I"$here/linux" -Wl,-Ttext-segment=0x400000 -Wl,--build-id=none -Wl,-z,max-page-size=4096 -o "$out" "$here/linux/start.S" "$src"
    echo "built $out"
done
