mkfifo /tmp/f; exec 3<>/tmp/f; echo rw >&3; read x <&3; echo "x=$x"; mkfifo /tmp/f; echo $?
