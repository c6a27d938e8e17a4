cp -a /etc /tmp/etc2; stat -c '%a %s' /tmp/etc2/hostname; cp -l /etc/hostname /tmp/hl2; stat -c %h /etc/hostname; cp -s /etc/hostname /tmp/sl; readlink /tmp/sl
