cp -r /etc /tmp/etc2; ls /tmp/etc2 | head -n 3
