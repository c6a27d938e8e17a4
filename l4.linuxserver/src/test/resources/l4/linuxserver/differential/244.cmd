printf abcdef > /tmp/c; printf XY | dd of=/tmp/c bs=1 seek=2 conv=notrunc 2>/dev/null; cat /tmp/c; echo; printf Z | dd of=/tmp/c bs=1 seek=1 2>/dev/null; cat /tmp/c; echo
