ls -a /tmp; touch /tmp/.hidden; ls /tmp; ls -A /tmp
