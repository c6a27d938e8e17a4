mkdir /tmp/dd; echo 12345 > /tmp/dd/f; ln -s f /tmp/dd/l; ls -l /tmp/dd
