echo abc > /tmp/x; dd if=/tmp/x bs=1 skip=1 count=1 2>/dev/null; echo
