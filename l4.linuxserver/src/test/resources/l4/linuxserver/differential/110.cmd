/bin/lxtest mainexit; echo status=$?
