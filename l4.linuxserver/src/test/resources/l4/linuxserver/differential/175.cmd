dd if=/dev/zero of=/tmp/s bs=1024 count=0 seek=1024 2>/dev/null; stat -c '%s %b' /tmp/s
