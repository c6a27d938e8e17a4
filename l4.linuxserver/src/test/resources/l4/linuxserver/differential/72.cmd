dd if=/dev/zero bs=512 count=3 2>/dev/null | wc -c
