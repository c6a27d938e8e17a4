/bin/lxtest timers
