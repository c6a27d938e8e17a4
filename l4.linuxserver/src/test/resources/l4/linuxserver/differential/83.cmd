mkdir /tmp/e; rmdir /tmp/e; ls -d /tmp/e; echo $?
