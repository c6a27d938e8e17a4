ls -l /tmp/none 2>&1; echo $?
