mkdir /tmp/d1 /tmp/d2; touch /tmp/d2/f; mv /tmp/d1 /tmp/d2 2>&1; ls /tmp/d2; mkdir /tmp/d3; mv /tmp/d3 /tmp/d2/d1; echo $?; ls /tmp/d2
