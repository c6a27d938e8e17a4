wc -c < /bin/busybox
