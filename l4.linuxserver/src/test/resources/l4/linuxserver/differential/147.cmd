mknod /tmp/n p; ls -l /tmp/n | cut -c1; mknod /tmp/c c 1 3; echo $?
