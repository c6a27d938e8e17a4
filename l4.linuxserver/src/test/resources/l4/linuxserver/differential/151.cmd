echo x > /tmp/m; chmod 4755 /tmp/m; stat -c '%A %a' /tmp/m; chmod g+s,o-x /tmp/m; stat -c %A /tmp/m
