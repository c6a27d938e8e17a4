link /etc/hostname /tmp/hn; stat -c %h /etc/hostname; unlink /tmp/hn; stat -c %h /etc/hostname; unlink /tmp; echo $?
