timeout 1 sleep 5; echo $?; timeout -s KILL 1 sleep 5; echo $?
