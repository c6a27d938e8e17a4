/bin/lxtest threads
