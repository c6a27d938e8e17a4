od -An -tx1 -N4 /bin/busybox
