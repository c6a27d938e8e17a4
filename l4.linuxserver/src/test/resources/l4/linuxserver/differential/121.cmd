/bin/lxtest nocldwait
