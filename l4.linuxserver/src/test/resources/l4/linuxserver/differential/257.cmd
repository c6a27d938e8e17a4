chmod -R go-rwx /tmp; stat -c %a /tmp; mkdir -p /tmp/r/s; chmod -R 700 /tmp/r; stat -c %a /tmp/r /tmp/r/s
