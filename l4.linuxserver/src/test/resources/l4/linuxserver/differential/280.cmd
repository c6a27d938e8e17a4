readlink -f /etc/hostname; readlink /etc/hostname; echo $?; du -k /etc/hostname | cut -f1
