ln -s /etc/passwd /tmp/l; readlink /tmp/l; cat /tmp/l
