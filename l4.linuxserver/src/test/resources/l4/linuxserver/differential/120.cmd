/bin/lxtest sigwait
