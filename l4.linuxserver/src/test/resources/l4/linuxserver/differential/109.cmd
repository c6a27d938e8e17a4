/bin/lxtest exitgroup; echo status=$?
