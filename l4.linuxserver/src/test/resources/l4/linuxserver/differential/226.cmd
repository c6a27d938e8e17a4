test -e /etc; echo $?; test -w /etc/hostname; echo $?; test -x /bin/sh; echo $?; [ -t 0 ]; echo $?; [ -d /etc/hostname ]; echo $?
