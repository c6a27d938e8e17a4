ls -l /dev/null | cut -c1-10; stat -c '%t %T %F' /dev/null /dev/zero
