true; echo $?
