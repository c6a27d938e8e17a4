/bin/lxtest threadexec; echo status=$?
