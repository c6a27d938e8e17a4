exec 3>&1; echo to3 >&3; exec 3>&-; echo to3 >&3; echo $?; exec 4>/tmp/w; echo four >&4; exec 4>&-; cat /tmp/w
