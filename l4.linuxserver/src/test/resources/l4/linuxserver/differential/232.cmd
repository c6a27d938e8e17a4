fallocate -o 10000 -l 100 /tmp/g; stat -c '%s %b' /tmp/g; fallocate -l 1 /dev/null; echo $?
