truncate -s 10 /tmp/t; truncate -s +5 /tmp/t; stat -c %s /tmp/t; truncate -s -12 /tmp/t; stat -c %s /tmp/t; truncate -s '<2' /tmp/t; stat -c %s /tmp/t
