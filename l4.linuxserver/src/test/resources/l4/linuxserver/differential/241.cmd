ln /tmp /tmp/hl; echo $?; mkdir -p /etc/hostname/x; echo $?; cat /tmp; echo $?; echo x > /tmp; echo $?; echo x > /tmp/no/f; echo $?
