timeout -s INT 0.1 sleep 1; echo $?
