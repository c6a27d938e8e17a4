mkdir /tmp/d; touch /tmp/d/x /tmp/d/y; ls /tmp/d; rm -r /tmp/d; ls /tmp
