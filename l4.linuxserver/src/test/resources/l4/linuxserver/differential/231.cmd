dd if=/etc/hostname bs=2 count=1 skip=1 2>/dev/null; echo; echo abcdef | dd bs=1 skip=2 count=3 2>/dev/null; echo
