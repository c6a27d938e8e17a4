flock /tmp/lk -c 'echo locked'; echo $?
