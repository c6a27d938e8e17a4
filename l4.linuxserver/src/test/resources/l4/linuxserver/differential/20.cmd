echo data > /tmp/f; cat /tmp/f; rm /tmp/f; ls /tmp
