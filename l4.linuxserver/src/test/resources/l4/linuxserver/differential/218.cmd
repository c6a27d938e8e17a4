mkdir -p /tmp/a/b/c; find /tmp/a -type d | sort; du -s /tmp/a; du -a /tmp/a | sort -k2
