ln -s l1 /tmp/l2; ln -s l2 /tmp/l1; cat /tmp/l1; echo $?
