tty; echo $?; stty -a 2>&1 | head -n 1
