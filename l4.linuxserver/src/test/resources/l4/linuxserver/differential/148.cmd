touch -d @1000 /tmp/x; stat -c %Y /tmp/x; touch -d @0 /tmp/x; ls -l /tmp/x
