mkfifo /tmp/p; echo $?; ls -l /tmp/p | cut -c1
