stat -c '%A %h %U %G' /tmp /etc/hostname; mkdir /tmp/x /tmp/x/y /tmp/x/z; stat -c %h /tmp/x; rmdir /tmp/x/y; stat -c %h /tmp/x
