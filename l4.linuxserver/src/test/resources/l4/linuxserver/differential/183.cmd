echo data > /tmp/s1; ln -s /tmp/s1 /tmp/s2; stat -c '%F %s' /tmp/s2; stat -L -c '%F %s' /tmp/s2; readlink -f /tmp/s2
