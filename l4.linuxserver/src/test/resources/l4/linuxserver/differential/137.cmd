test -t 0; echo $?
