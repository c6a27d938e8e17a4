mkdir /tmp/d; mv /tmp/d /tmp/d/e; echo $?; mkdir -p /tmp/a /tmp/b/c; mv -T /tmp/a /tmp/b; echo $?
