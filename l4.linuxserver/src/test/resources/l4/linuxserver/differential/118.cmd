/bin/lxsem threadexec; echo status=$?
