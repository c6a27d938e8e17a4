echo abc > /tmp/x; chmod 640 /tmp/x; ls -l /tmp/x
