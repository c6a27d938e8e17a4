printf x | dd of=/tmp/d bs=1 seek=5 2>/dev/null; od -An -c /tmp/d
