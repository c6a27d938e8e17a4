mkdir /tmp/a; mv /tmp/a /tmp/a/b; echo $?; touch /tmp/a/f; rmdir /tmp/a; echo $?; cd /etc/hostname; echo $?
