#!/bin/sh
# Regenerates the golden outputs of the differential suite: every line of cases.txt runs as
# `busybox sh -c LINE` under qemu-mips64el, chrooted into a root file system with the same
# contents as the initramfs (src/main/initramfs, busybox and its applet links, /dev/null, /tmp) and
# the test programs of src/test/guest/programs in /bin (built by its build.sh),
# stdin /dev/null, cwd /, env PATH=/bin:/usr/bin:/sbin:/usr/sbin HOME=/. Output (stdout and
# stderr merged) goes to NN.out, the exit status to NN.status, in
# src/test/resources/l4/linuxserver/differential/.
#
# Needs root (chroot, mknod, mount, binfmt_misc) and a static qemu-mips64el: QEMU_STATIC, by default
# extracted from Debian's qemu-user-static package (apt-get download qemu-user-static; dpkg-deb -x).
# A binfmt_misc entry with the F flag (interpreter opened at registration) lets the chrooted
# busybox run its applets through qemu, and the P flag keeps argv[0] (busybox picks the applet by
# it); Debian's qemu reads a P-flag argv when it is invoked under a name ending "-binfmt-P", so the
# entry names a link of that name. The entry is removed at the end.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
MOD=$(cd "$HERE/../../../.." && pwd)
OUT="$MOD/src/test/resources/l4/linuxserver/differential"
BUSYBOX="$MOD/../l4.arch.mips/src/test/resources/l4/arch/mips/cpu/busybox/busybox"
QEMU_STATIC=${QEMU_STATIC:-/tmp/lx/qs/usr/bin/qemu-mips64el-static}
[ -x "$QEMU_STATIC" ] || { echo "no static qemu at $QEMU_STATIC" >&2; exit 2; }
LINKDIR=$(mktemp -d)
ln -s "$QEMU_STATIC" "$LINKDIR/mips64el-binfmt-P"
BINFMT=/proc/sys/fs/binfmt_misc
[ -e $BINFMT/register ] || mount binfmt_misc -t binfmt_misc $BINFMT
NAME=l4-diff-mips64el
[ -e $BINFMT/$NAME ] && echo -1 > $BINFMT/$NAME
printf ':%s:M::\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x08\\x00:\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xfe\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:%s:FP\n' \
    "$NAME" "$LINKDIR/mips64el-binfmt-P" > $BINFMT/register
trap 'mountpoint -q "$ROOT" && umount "$ROOT"; echo -1 > $BINFMT/$NAME; rm -rf "$ROOT" "$LINKDIR"' EXIT
ROOT=$(mktemp -d)
mkdir -p "$OUT"
rm -f "$OUT"/*.out "$OUT"/*.status "$OUT"/*.cmd
n=0
while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    n=$((n + 1))
    id=$(printf '%02d' $n)
    # a fresh tmpfs root per case, as Linux unpacks an initramfs into one and the Java test gives
    # each case a fresh system
    mountpoint -q "$ROOT" && umount "$ROOT"
    mount -t tmpfs -o mode=0755 tmpfs "$ROOT"
    cp -a "$MOD/src/main/initramfs/." "$ROOT/"
    mkdir -p "$ROOT/bin" "$ROOT/dev" "$ROOT/tmp" "$ROOT/proc"
    chmod 1777 "$ROOT/tmp"
    cp "$BUSYBOX" "$ROOT/bin/busybox"; chmod 755 "$ROOT/bin/busybox"
    cp "$MOD"/src/test/resources/l4/linuxserver/programs/* "$ROOT/bin/"
    while IFS= read -r l; do
        [ "$l" = bin/busybox ] && continue
        mkdir -p "$ROOT/$(dirname "$l")"; ln -sf /bin/busybox "$ROOT/$l"
    done < "$MOD/src/main/busybox.links"
    mknod -m 666 "$ROOT/dev/null" c 1 3; mknod -m 666 "$ROOT/dev/zero" c 1 5
    set +e
    env -i PATH=/bin:/usr/bin:/sbin:/usr/sbin HOME=/ chroot "$ROOT" /bin/sh -c "$line" < /dev/null > "$OUT/$id.out" 2>&1
    echo $? > "$OUT/$id.status"
    set -e
    printf '%s\n' "$line" > "$OUT/$id.cmd"
done < "$HERE/cases.txt"
echo "$n cases"
