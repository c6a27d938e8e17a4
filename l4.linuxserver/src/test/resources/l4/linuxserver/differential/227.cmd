echo a > /tmp/a; cp /tmp/a /tmp/a; echo $?; ln /tmp/nonexist /tmp/l2; echo $?; mv /tmp/nonexist /tmp/x; echo $?
