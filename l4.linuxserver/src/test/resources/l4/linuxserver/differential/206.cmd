echo hello | xxd; echo 68656c6c6f | xxd -r -p; echo; od -A x -t x1 -N 8 /bin/busybox
