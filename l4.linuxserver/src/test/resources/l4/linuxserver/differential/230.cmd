touch /tmp/a; chmod 4755 /tmp/a; ls -l /tmp/a | cut -c1-10; chmod u-x /tmp/a; ls -l /tmp/a | cut -c1-10; chmod 1777 /tmp/a; stat -c %A /tmp/a
