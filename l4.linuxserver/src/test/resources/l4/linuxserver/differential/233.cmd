(ulimit -f 1; head -c 2000 /dev/zero > /tmp/f); echo $?; wc -c < /tmp/f
