ulimit -n 5; exec 6>/dev/null; echo $?; exec 4>/dev/null; echo $?
