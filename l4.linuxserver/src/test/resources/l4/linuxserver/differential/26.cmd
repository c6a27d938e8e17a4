nosuchcommand; echo $?
