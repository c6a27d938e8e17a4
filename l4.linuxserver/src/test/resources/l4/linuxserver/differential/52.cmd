echo m > /tmp/m1; mv /tmp/m1 /tmp/m2; cat /tmp/m2; ls /tmp
