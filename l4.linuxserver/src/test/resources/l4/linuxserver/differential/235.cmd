umask 077; touch /tmp/u; mkdir /tmp/ud; stat -c %a /tmp/u /tmp/ud; umask 0; mkfifo /tmp/fi; stat -c %a /tmp/fi
