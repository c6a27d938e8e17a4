/bin/lxtest route
