mkdir /tmp/d /tmp/e2; touch /tmp/d/x; mv /tmp/e2 /tmp/d; echo $?; touch /tmp/f; mv /tmp/d /tmp/f; echo $?; mv /tmp/f /tmp/d; echo $?; ls /tmp/d
