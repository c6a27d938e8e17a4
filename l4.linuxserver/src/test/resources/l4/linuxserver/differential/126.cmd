echo 12345 > /tmp/s; stat -c '%s %a %F %h' /tmp/s /tmp
