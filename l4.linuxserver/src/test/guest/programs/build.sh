#!/bin/sh
# Builds the glibc test programs (lxtest, lxsem) (static, Debian's gcc-mips64el-linux-gnuabi64 and its libc6-dev
# cross package) into src/test/resources/l4/linuxserver/programs/; the built binaries are
# committed, and the differential suite's generate.sh puts them into /bin of its chroot as the
# Java test puts them into the initramfs.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT="$HERE/../../resources/l4/linuxserver/programs"
mkdir -p "$OUT"
for c in lxtest lxsem; do
    mips64el-linux-gnuabi64-gcc -O2 -static -Wall -Wl,--build-id=none -s -o "$OUT/$c" "$HERE/$c.c" -lpthread
done
