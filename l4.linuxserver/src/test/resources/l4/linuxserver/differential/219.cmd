fallocate -l 8192 /tmp/f; echo $?; stat -c '%s %b' /tmp/f; sync -f /tmp; echo $?; sync; echo $?
